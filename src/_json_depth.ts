// How deep a JSON text nests, without parsing it: a notification nested
// deeper than the runtimes can walk (Bun's JSON.stringify fails from about
// 40,000 levels, Deno's structuredClone from about 3,000) is refused at the
// door rather than failing later, in the answer.

/** The deepest nesting a notification may have. */
export const MAX_JSON_DEPTH = 20_000;

/**
 * Whether the JSON text `text` nests arrays and objects more than `limit`
 * levels deep (brackets inside strings do not count). Free for texts shorter
 * than `2 * limit + 1`, which cannot: each level takes two characters; cheap
 * for texts with at most `limit` opening brackets in all (a native search
 * per bracket), which cannot either; only the others are scanned.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  const length = text.length;
  if (length <= 2 * limit) return false;
  if (count(text, "{", limit) + count(text, "[", limit) <= limit) return false;
  let depth = 0;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) { // a string: skip to its closing quote
      for (;;) {
        i = text.indexOf('"', i + 1);
        if (i < 0) return false; // unterminated: JSON.parse refuses it
        let backslash = i - 1;
        while (text.charCodeAt(backslash) === 0x5c) backslash--;
        if ((i - backslash) % 2 === 1) break; // an even number of backslashes before it
      }
    } else if (code === 0x5b || code === 0x7b) {
      if (++depth > limit) return true;
    } else if (code === 0x5d || code === 0x7d) {
      depth--;
    }
  }
  return false;
}

/** How many times `char` occurs in `text`, counting no further than `limit + 1`. */
function count(text: string, char: string, limit: number): number {
  let found = 0;
  for (let at = text.indexOf(char); at >= 0 && found <= limit; at = text.indexOf(char, at + 1)) {
    found++;
  }
  return found;
}
