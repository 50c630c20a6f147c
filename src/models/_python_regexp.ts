// The platform compiles a match_regexp pattern with Python's `re`: its
// syntax, translated to a JavaScript RegExp, for the model's "compiles"
// check and for the conversation harness, which evaluates conditions.

// Python's escapes of ASCII letters; any other (\q, \e, \i, ...) is
// "bad escape" in Python 3, while a JavaScript RegExp without `u` takes it.
const PYTHON_LETTER_ESCAPES = new Set("abBdDfnrsStvwWxuUNAZ");
const INLINE_FLAGS = /^\(\?([aiLmsux]+)\)/;
// The groups read at a "(" of the pattern: sticky, so that each is tried at
// `lastIndex` without copying the rest of the pattern.
const INLINE_FLAGS_AT = /\(\?[aiLmsux]+\)/y;
const BACK_REFERENCE_AT = /\(\?P=(\w+)\)/y;
const SCOPED_FLAGS_AT = /\(\?[aiLmsux]*(?:-[imsx]+)?:/y;

/** The match of the sticky `regex` at `index` of `text`, if any. */
function matchAt(regex: RegExp, text: string, index: number): RegExpExecArray | null {
  regex.lastIndex = index;
  return regex.exec(text);
}

/**
 * A Python `re` pattern as a JavaScript RegExp, or `undefined` when Python
 * would not compile it (as far as a translation can tell): leading inline
 * flags `(?i)` (`i`, `m`, `s` kept; `a`, `L`, `u`, `x` accepted),
 * scoped flags `(?i:...)`, comments `(?#...)`, named groups `(?P<n>...)`,
 * back references `(?P=n)`, `\A` and `\Z`; an unknown letter escape is an error.
 */
export function pythonRegExp(pattern: string): RegExp | undefined {
  let flags = "";
  let body = pattern;
  const inline = INLINE_FLAGS.exec(body);
  if (inline) {
    for (const flag of inline[1]!) if ("ims".includes(flag) && !flags.includes(flag)) flags += flag;
    body = body.slice(inline[0].length);
  }
  let out = "";
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === "\\") {
      const next = body[i + 1];
      if (next === undefined) return undefined; // a trailing backslash
      if (/[A-Za-z]/.test(next) && !PYTHON_LETTER_ESCAPES.has(next)) return undefined;
      if (!inClass && next === "A") out += "^";
      else if (!inClass && next === "Z") out += "$(?![\\s\\S])";
      else out += c + next;
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      out += c;
      continue;
    }
    if (c === "[") {
      inClass = true;
      out += c;
      // A "]" right after "[" or "[^" is a literal in Python.
      if (body[i + 1] === "^") out += body[++i];
      if (body[i + 1] === "]") (out += "\\]"), i++;
      continue;
    }
    if (c === "(" && body[i + 1] === "?") {
      if (body.startsWith("(?#", i)) {
        const end = body.indexOf(")", i);
        if (end < 0) return undefined;
        i = end;
        continue;
      }
      if (body.startsWith("(?P<", i)) {
        out += "(?<";
        i += 3;
        continue;
      }
      const backReference = matchAt(BACK_REFERENCE_AT, body, i);
      if (backReference) {
        // Without the u flag, JavaScript reads \k<name> as text when no group has that name.
        if (!out.includes(`(?<${backReference[1]}>`)) return undefined;
        out += `\\k<${backReference[1]}>`;
        i += backReference[0].length - 1;
        continue;
      }
      const scoped = matchAt(SCOPED_FLAGS_AT, body, i);
      if (scoped && scoped[0] !== "(?:") {
        out += "(?:"; // the flags of a group: valid in Python, not needed for the check
        i += scoped[0].length - 1;
        continue;
      }
      if (matchAt(INLINE_FLAGS_AT, body, i)) {
        return undefined; // global flags not at the start: an error since Python 3.11
      }
    }
    out += c;
  }
  try {
    return new RegExp(out, flags);
  } catch {
    return undefined;
  }
}
