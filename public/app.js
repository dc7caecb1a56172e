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
    // A municipality's radio carries its systems; the boxes ticked besides it add to them.
    const chosen = [
      ...[...filter.querySelectorAll('input[name=system]:checked')].map((i) => i.value),
      ...(filter.querySelector('input[name=audience]:checked')?.dataset.systems?.split(' ') ?? []),
    ];
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

// Subscribe: with the script, ticking a box (or choosing all systems) fetches the same page for
// the new choice and swaps in its buttons and address, so the address updates as you tick. The
// form's button still submits it without script. Relative URL: works under a PUBLIC_URL path.
const subscribe = document.querySelector('form.subscribe');
if (subscribe) {
  const status = document.getElementById('copy-status');
  let latest = 0;
  subscribe.addEventListener('change', async (event) => {
    const boxes = [...subscribe.querySelectorAll('input[name=abonner]')];
    if (event.target.name === 'abonner') {
      const some = boxes.some((b) => b.checked);
      subscribe.querySelector(`input[name=kalender][value=${some ? 'valgte' : 'alle'}]`).checked = true;
    } else if (event.target.value !== 'valgte') {
      // All systems, or a municipality's feed: no box of its own.
      for (const b of boxes) b.checked = false;
    }
    const ticket = ++latest;
    const query = new URLSearchParams(new FormData(subscribe)).toString();
    try {
      const response = await fetch(`./?${query}`);
      if (!response.ok) return;
      const fresh = new DOMParser().parseFromString(await response.text(), 'text/html').getElementById('abonnement');
      // An older answer arriving after a newer one must not win.
      if (ticket !== latest || !fresh) return;
      document.getElementById('abonnement').replaceWith(fresh);
      status.textContent = `${status.dataset.updated} ${fresh.querySelector('h3').textContent}`;
    } catch {
      // Offline or refused: the button still submits the form.
    }
  });
}
