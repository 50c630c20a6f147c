// Reads the tables of ../shared/spec/schemas.md into rows and fields, so that
// tests can hold the model layer to what the spec says of each field: present
// or absent (`req` / `opt`), `null ok`, `read-only`, and documented defaults.
import { existsSync, readFileSync } from "node:fs";

/** What schemas.md says of one field of a row. */
export interface SpecField {
  /** The wire key. */
  key: string;
  /** `opt` (or "may be absent"): the key may be left out. */
  optional: boolean;
  /** `null ok`: `null` is an accepted value. */
  nullOk: boolean;
  /** `read-only`: the platform sends it and ignores it when it receives it. */
  readOnly: boolean;
  /** The documented default (`default 2`, ``default `[]` ``), if any. */
  defaultValue?: unknown;
  /** The text of the field, for messages. */
  text: string;
}

/** One row of a table, or one object described inline in a row (`{ "type": ..., ... }`). */
export interface SpecRow {
  /** The row's `type` values, or its name when it has none (`interlocutor`, `a.b`). */
  names: string[];
  /** The section it is in (`Bot actions`, `Inputs`, ...). */
  section: string;
  /** Its fields, by key. */
  fields: Map<string, SpecField>;
}

const SPEC = new URL("../../shared/spec/schemas.md", import.meta.url);

/**
 * Why the tests that read schemas.md are skipped (`false` when it is there):
 * the fixtures are all a checkout is promised beside it in ../shared.
 */
export const specMissing: string | false = existsSync(SPEC)
  ? false
  : "../shared/spec/schemas.md is missing: put the shared folder, spec/ included, beside the checkout";
if (specMissing) console.warn(`SKIP the tests that read schemas.md: ${specMissing}`);

/** Splits `text` on `separator` outside backticks, braces and parentheses. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "`") quoted = !quoted;
    else if (!quoted && (c === "{" || c === "(")) depth++;
    else if (!quoted && (c === "}" || c === ")")) depth--;
    else if (depth === 0 && !quoted && text.startsWith(separator, i)) {
      parts.push(text.slice(start, i));
      start = i + separator.length;
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim()).filter((part) => part !== "");
}

/** The attributes of a field, read from its text with code spans removed. */
function attributes(key: string, text: string): SpecField {
  const plain = text.replace(/`[^`]*`/g, " ");
  const field: SpecField = {
    key,
    optional: /\bopt\b|\(opt\)|may be absent/.test(plain),
    nullOk: /null ok/.test(plain),
    readOnly: /read-only/.test(plain),
    text,
  };
  const defaultMatch = /default (`[^`]*`|[\w.]+)/.exec(text);
  if (defaultMatch) field.defaultValue = JSON.parse(defaultMatch[1]!.replaceAll("`", ""));
  return field;
}

/** The rows of one inline object `{ "k": desc, ... }` found in `text`, held by `holder`. */
function inlineRows(text: string, holder: string[], section: string, rows: SpecRow[]): void {
  for (const match of text.matchAll(/`\{(.*?)\}`/g)) {
    const fields = new Map<string, SpecField>();
    let types: string[] = [];
    for (const part of splitTopLevel(match[1]!, ', "')) {
      const entry = /^"?([A-Za-z_]\w*)": ?(.*)$/.exec(part);
      if (!entry) continue;
      const [, key, desc] = entry as unknown as [string, string, string];
      if (key === "type") {
        types = [...desc.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]!);
      }
      fields.set(key, attributes(key, desc));
    }
    rows.push({ names: types.length > 0 ? types : holder, section, fields });
  }
}

/** Every row of schemas.md's tables, and every object its rows describe inline. */
export function specRows(): SpecRow[] {
  const rows: SpecRow[] = [];
  if (specMissing) return rows;
  let section = "";
  for (const line of readFileSync(SPEC, "utf8").split("\n")) {
    if (line.startsWith("#")) section = line.replace(/^#+\s*/, "");
    if (!line.startsWith("| ") || line.startsWith("|---")) continue;
    const cells = line.split(/(?<!\\)\|/).slice(1, -1).map((cell) =>
      cell.trim().replace(/\\\|/g, "|")
    );
    if (cells.length !== 2 || cells[1] === "fields") continue;
    const [head, body] = cells as [string, string];
    const typed = [...head.matchAll(/`"([a-z_]+)"`/g)].map((m) => m[1]!);
    const names = typed.length > 0 ? typed : [head];
    const fields = new Map<string, SpecField>();
    let last: SpecField[] = [];
    for (const segment of splitTopLevel(body, "; ")) {
      const keys = /((?:`[A-Za-z_]\w*`(?:, )?)+)/.exec(segment);
      if (!keys) {
        // "`duration` req, ...; default 2": the segment goes on the field before.
        last = last.map((field) => attributes(field.key, `${field.text}; ${segment}`));
        for (const field of last) fields.set(field.key, field);
        continue;
      }
      const rest = segment.slice(keys.index + keys[0].length);
      last = keys[1]!.match(/[A-Za-z_]\w*/g)!.map((key) => attributes(key, rest));
      for (const field of last) {
        fields.set(field.key, field);
        inlineRows(rest, names.map((name) => `${name}.${field.key}`), section, rows);
      }
    }
    rows.push({ names, section, fields });
  }
  return rows;
}

/**
 * The row of `names` that best fits an object with the given keys: the
 * same name may head rows of two tables (`"message"` is a value getter and
 * an input; `"legacy_reply_to_message_action"` a button action and an input).
 */
export function bestRow(
  rows: readonly SpecRow[],
  names: readonly string[],
  keys: readonly string[],
): SpecRow | undefined {
  let best: SpecRow | undefined;
  let bestScore = -Infinity;
  const own = new Set(keys.filter((key) => key !== "type"));
  for (const row of rows) {
    if (!row.names.some((name) => names.includes(name))) continue;
    const spec = [...row.fields.keys()].filter((key) => key !== "type");
    const shared = spec.filter((key) => own.has(key)).length;
    const score = 2 * shared - spec.length - own.size;
    if (score > bestScore) [best, bestScore] = [row, score];
  }
  return best;
}
