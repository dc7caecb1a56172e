// Progressive enhancement for the nedetid page: everything works without this script.
'use strict';

// Copy buttons: copy the feed address and say so in the status region (read by screen readers).
document.addEventListener('click', async (event) => {
  const button = event.target instanceof Element ? event.target.closest('button.copy') : null;
  if (!button) return;
  const status = document.getElementById('copy-status');
  try {
    await navigator.clipboard.writeText(button.dataset.copy);
    status.textContent = button.dataset.copied;
  } catch {
    const input = button.parentElement.querySelector('input');
    if (input) input.select();
    status.textContent = button.dataset.failed;
  }
});

// System filter: with the script, ticking a box filters the list at once (no reload, so no
// change of context, WCAG 3.2.2); the Show button still submits the form for a shareable link.
const filter = document.querySelector('form.filter');
if (filter) {
  const section = filter.closest('section');
  const apply = () => {
    const chosen = [...filter.querySelectorAll('input[name=system]:checked')].map((i) => i.value);
    for (const item of section.querySelectorAll('li.occurrence')) {
      const systems = item.dataset.systems.split(' ');
      item.hidden = chosen.length > 0 && !systems.some((s) => chosen.includes(s));
    }
    for (const list of section.querySelectorAll('ul.occurrences')) {
      const empty = [...list.children].every((li) => li.hidden);
      list.hidden = empty;
      const heading = list.previousElementSibling;
      if (heading && heading.tagName === 'H3') heading.hidden = empty;
    }
  };
  filter.addEventListener('change', apply);
}
