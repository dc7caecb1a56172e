import { escape } from 'ical-generator';

/**
 * RFC 5545 §3.1: content lines end in CRLF and are folded so no physical line exceeds 75
 * octets, without splitting a UTF-8 sequence (a split æ garbles the name in Outlook).
 */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= 75) return line;
  let out = '';
  let octets = 0;
  let from = 0;
  for (let i = 0; i < line.length;) {
    // UTF-8 octets of the character at i, from its UTF-16 code units (Buffer.byteLength per
    // character was a fifth of rendering a large schedule).
    const code = line.charCodeAt(i);
    const next = line.charCodeAt(i + 1);
    const pair = code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
    const units = pair ? 2 : 1;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : pair ? 4 : 3;
    // Continuation lines start with a space, which counts toward their 75.
    if (octets + size > 75) {
      out += line.slice(from, i) + '\r\n ';
      from = i;
      octets = 1;
    }
    octets += size;
    i += units;
  }
  return out + line.slice(from);
}

/** Joins unfolded content lines into folded CRLF text, ending with CRLF. */
export function contentLines(lines: string[]): string {
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** TEXT value escaping (RFC 5545 §3.3.11), as ical-generator escapes the events' texts. */
export function escapeText(value: string): string {
  return escape(value, false);
}
