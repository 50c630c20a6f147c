// Text from a request (a topic, a path, a header, a key of the notification)
// made safe for a message or a log line: control characters escaped so that
// nothing can forge a line or colour a terminal, and the length capped.

/** How many characters of request text a message or a log line keeps by default. */
export const TEXT_LIMIT = 100;

// What JSON.stringify leaves raw but a terminal or a log reader may act on:
// DEL, the C1 controls (U+0080-U+009F, CSI among them), zero-width and bidi
// controls, the line and paragraph separators, and the BOM.
const UNSAFE =
  /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;

function hex(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/** At most `max` UTF-16 units of `text`, cut between code points (a surrogate pair is kept whole or left out). */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--; // do not split a surrogate pair
  return text.slice(0, end);
}

/** At most `max` characters of `text`, cut between code points, with `…` when cut. */
function cap(text: string, max: number): string {
  return text.length <= max ? text : `${cut(text, max)}…`;
}

/**
 * `text` in double quotes, JSON-escaped (quotes, backslashes, every control
 * character, ESC included), with the other invisible or bidi controls escaped
 * too and at most `max` characters of the original kept (`…` marks a cut).
 */
export function quote(text: string, max: number = TEXT_LIMIT): string {
  return JSON.stringify(cap(text, max)).replace(UNSAFE, hex);
}

/** Like {@linkcode quote}, without the surrounding quotes: for text inside a message. */
export function escapeText(text: string, max: number = TEXT_LIMIT): string {
  const quoted = quote(text, max);
  return quoted.slice(1, -1);
}

// The C0 controls, which JSON.stringify escapes and escapeControls() escapes alike.
// deno-lint-ignore no-control-regex
const CONTROLS = /[\u0000-\u001f]/g;

/**
 * `text` with its control characters escaped as {@linkcode escapeText}
 * escapes them (newlines, ESC, C1, bidi and invisible controls), but its
 * quotes and backslashes left as they are: for text a person reads as it is
 * written, in a terminal or a transcript, that must stay on its line.
 */
export function escapeControls(text: string, max: number = TEXT_LIMIT): string {
  return cap(text, max)
    .replace(CONTROLS, (char) => JSON.stringify(char).slice(1, -1))
    .replace(UNSAFE, hex);
}
