/**
 * Shared building blocks of the wire schemas: code-point lengths, object ids,
 * word keys, URLs, dicts, the object, variant and record schemas that refuse
 * arrays, the `defaultOnLoad` mark of a field's default, and the constructor
 * makers. Defined once here; every domain file uses them.
 *
 * Every validation carries its own message, phrased without echoing the
 * checked value, so that issue messages can be shown to a client as is.
 *
 * @module
 */
import * as v from "valibot";

/** Counts Unicode code points (Python's `len`), not UTF-16 code units. */
export function codePointLength(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}

/** Phrases a length range: "1 to 10", "at most 500", "at least 1". */
function range(min: number, max: number | undefined): string {
  if (max === undefined) return `at least ${min}`;
  if (min === 0) return `at most ${max}`;
  return `${min} to ${max}`;
}

/** Whether a string's code-point length lies in `[min, max]`. */
function lengthWithin(text: string, min: number, max: number | undefined): boolean {
  const units = text.length;
  // Fast paths: the code-point count lies between ceil(units / 2) and units.
  if (units >= min && (max === undefined || units <= max)) return true;
  if (max !== undefined && Math.ceil(units / 2) > max) return false;
  if (units < min) return false;
  const points = codePointLength(text);
  return points >= min && (max === undefined || points <= max);
}

/** Validation: the string is `min` to `max` Unicode code points long. */
export function chars(min: number, max?: number): v.CheckAction<string, string> {
  const unit = max === 1 || (max === undefined && min === 1) ? "character" : "characters";
  return v.check(
    (text: string) => lengthWithin(text, min, max),
    `expected ${range(min, max)} ${unit}`,
  );
}

/** A string of `min` to `max` code points. */
export function text(min: number, max?: number) {
  return v.pipe(v.string("expected a string"), chars(min, max));
}

/** Validation: the list holds `min` to `max` items. */
export function items<T>(min: number, max?: number): v.CheckAction<T[], string> {
  return v.check(
    (list: T[]) => list.length >= min && (max === undefined || list.length <= max),
    `expected ${range(min, max)} ${max === 1 ? "item" : "items"}`,
  );
}

/** A list of `min` to `max` items, each checked by `item`. */
export function list<const TItem extends v.GenericSchema>(
  item: TItem,
  min: number,
  max?: number,
) {
  return v.pipe(v.array(item, "expected a list"), items<v.InferOutput<TItem>>(min, max));
}

const ID24 = /^[a-z0-9]{24}$/i;
/** An object id: exactly 24 characters of `[a-z0-9]`, case-insensitive. */
export const objectId = v.pipe(
  v.string("expected a string"),
  v.regex(ID24, "expected a 24-character object id"),
);

// Python's Unicode `\w`: letters, digits and numerics of any script, and `_`.
const WORD = /^[\p{L}\p{N}_]+$/u;
/** Validation: letters, digits and `_` only (Unicode-aware `\w`). */
export const word: v.RegexAction<string, string> = v.regex(
  WORD,
  "expected letters, digits or underscores only",
);

/** A word key of `min` to `max` code points. */
export function wordKey(min: number, max: number) {
  return v.pipe(v.string("expected a string"), chars(min, max), word);
}

const DIGITS = /^\d*$/;
/** Validation: ASCII digits only (possibly empty). */
export const digits: v.RegexAction<string, string> = v.regex(DIGITS, "expected digits only");

/** Whether `text` parses as an absolute URL with a scheme and a host. */
export function isAbsoluteUrl(text: string, schemes?: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.hostname === "") return false;
  return schemes === undefined || schemes.includes(url.protocol.slice(0, -1));
}

/** Validation: an absolute URL with a scheme and a host. */
export const url: v.CheckAction<string, string> = v.check(
  (text: string) => isAbsoluteUrl(text),
  "expected an absolute URL with a scheme and a host",
);

const WEB = ["http", "https"] as const;
/** Validation: an absolute `http` or `https` URL with a host. */
export const webUrl: v.CheckAction<string, string> = v.check(
  (text: string) => isAbsoluteUrl(text, WEB),
  "expected an absolute http or https URL",
);

/** Whether `value` is a JSON object (not null, not an array). */
export function isDict(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The message of every object-typed place. */
export const OBJECT_MESSAGE = "expected an object";

type Run = v.GenericSchema["~run"];

const OPTIONAL: ReadonlySet<string> = new Set(["optional", "nullish", "exact_optional"]);
/**
 * Whether every array "has" `key` for valibot, which tests keys with `in`:
 * an index (`["a"]` has `0`), or a property of `Array.prototype` (`length`,
 * `values`, `keys`, ...: a session's `values` is there on any array).
 */
function arraysHave(key: string): boolean {
  return key in Array.prototype || /^\d+$/.test(key);
}

/** The parts of a schema that tell whether it can take an array. */
interface Shape {
  type: string;
  entries?: Record<string, { type: string }>;
  options?: readonly Shape[];
}

/**
 * Whether valibot could take an array for this object-typed schema: an object
 * can unless it has a required key that no array has, a variant unless each
 * option refuses arrays, a record always.
 */
function takesArrays(schema: Shape): boolean {
  if (schema.type === "variant") return schema.options!.some(takesArrays);
  if (schema.entries === undefined) return true;
  return !Object.entries(schema.entries).some(([key, entry]) =>
    !OPTIONAL.has(entry.type) && !arraysHave(key)
  );
}

/**
 * Makes an object-typed schema refuse arrays. valibot's object, variant and
 * record schemas take any non-null `typeof "object"` value, so `[]` passes an
 * object whose keys are all optional, and `["a"]` passes a record. Most
 * objects refuse arrays already (an array lacks their required keys), and
 * are left as they are, at no cost; the others keep valibot's schema (its
 * `type`, `entries`, ...) and gain the array test in `~run`, which a schema
 * derived with `v.required`, `v.partial`, `v.pick` or `v.omit` keeps and runs
 * on its own `entries`. A schema derived from one left as it is may take
 * arrays again (`v.partial` of an object with a required key): use `object`
 * on its entries for that. Either way `formatIssues` says "expected an
 * object" for the array.
 */
function refuseArrays<T extends v.GenericSchema>(schema: T): T {
  if (!takesArrays(schema as unknown as Shape)) return schema;
  // Not bound, not an arrow: valibot's `required`, `partial`, `pick` and
  // `omit` spread the schema into a new one with new `entries`, and valibot's
  // own `~run` reads them through `this`, so this one must pass `this` on.
  const run: Run = schema["~run"];
  (schema as { "~run": Run })["~run"] = function (this: v.GenericSchema, dataset, config) {
    return Array.isArray(dataset.value)
      ? arrayIssue(this.type, dataset, config)
      : run.call(this, dataset, config);
  };
  return schema;
}

/** Fails `dataset`, an array where an object of schema `type` belongs. */
function arrayIssue(
  type: string,
  dataset: v.UnknownDataset,
  config: v.Config<v.BaseIssue<unknown>>,
): v.FailureDataset<v.BaseIssue<unknown>> {
  const issue: v.BaseIssue<unknown> = {
    kind: "schema",
    type,
    input: dataset.value,
    expected: "Object",
    received: "Array",
    message: OBJECT_MESSAGE,
    requirement: undefined,
    path: undefined,
    issues: undefined,
    lang: config.lang,
    abortEarly: config.abortEarly,
    abortPipeEarly: config.abortPipeEarly,
  };
  const failed = dataset as { typed: boolean; issues?: v.BaseIssue<unknown>[] };
  failed.typed = false;
  if (failed.issues) failed.issues.push(issue);
  else failed.issues = [issue];
  return failed as v.FailureDataset<v.BaseIssue<unknown>>;
}

/**
 * An object with the given entries (unknown extra keys are accepted and
 * kept, as the platform ignores them); arrays, strings and `null` are refused.
 */
export function object<const TEntries extends v.ObjectEntries>(
  entries: TEntries,
): v.LooseObjectSchema<TEntries, string> {
  return refuseArrays(v.looseObject(entries, OBJECT_MESSAGE));
}

/** Any of `options`, discriminated on `type`; arrays, strings and `null` are refused. */
export function variant<const TOptions extends v.VariantOptions<"type">>(
  options: TOptions,
): v.VariantSchema<"type", TOptions, string> {
  return refuseArrays(v.variant("type", options, OBJECT_MESSAGE));
}

/** A JSON object whose keys and values `key` and `value` check; arrays are refused. */
export function record<
  const TKey extends v.BaseSchema<string, string, v.BaseIssue<unknown>>,
  const TValue extends v.BaseSchema<unknown, unknown, v.BaseIssue<unknown>>,
>(key: TKey, value: TValue): v.RecordSchema<TKey, TValue, string> {
  return refuseArrays(v.record(key, value, OBJECT_MESSAGE));
}

const dictSchema = v.custom<Record<string, unknown>>(isDict, OBJECT_MESSAGE);
// It expects an object, as the object schemas say (`expected` of its issues).
(dictSchema as { expects: string }).expects = "Object";

/** A JSON object with any values (`dict` in schemas.md); arrays are refused. */
export const dict: v.GenericSchema<Record<string, unknown>> = dictSchema;

/** The metadata of a field that has a default when a notification is loaded. */
export type DefaultOnLoad = {
  /** The value the field takes when a notification leaves it out. */
  readonly defaultOnLoad: unknown;
};

/**
 * Marks a field (as the last item of its pipe) with the default that the
 * platform's reference fills when it loads a notification: `parseNotification`
 * fills it in place wherever the field's object sits in `step.actions`, so
 * that the actions can be returned as they came. The response check is not
 * changed: the platform requires the field in an answer when its row says so.
 */
export function defaultOnLoad<TInput>(value: TInput): v.MetadataAction<TInput, DefaultOnLoad> {
  return v.metadata({ defaultOnLoad: value });
}

/** A literal `type` discriminant. */
export function tag<const T extends string>(type: T): v.LiteralSchema<T, string> {
  return v.literal(type, `expected "${type}"`);
}

/** A string with its own "expected a string" message. */
export const str: v.StringSchema<string> = v.string("expected a string");
/** A boolean with its own message. */
export const bool: v.BooleanSchema<string> = v.boolean("expected a boolean");
/** A finite number with its own message. */
export const num: v.NumberSchema<string> = v.number("expected a number");

/** One of the given strings. */
export function oneOf<const T extends readonly string[]>(options: T): v.PicklistSchema<T, string> {
  return v.picklist(options, `expected one of ${options.map((o) => `"${o}"`).join(", ")}`);
}

/**
 * The fields a constructor takes: the model without its `type`.
 *
 * @category Models
 */
export type Fields<T> = Omit<T, "type">;

/** Makes a constructor that fills `type` and returns the plain wire object. */
export function builder<T extends { type?: string }>(
  type: NonNullable<T["type"]>,
): (fields: Fields<T>) => T {
  return (fields) => ({ type, ...fields }) as unknown as T;
}

/** Makes a constructor for a model with no field but its `type`. */
export function bare<T extends { type: string }>(type: T["type"]): (fields?: Fields<T>) => T {
  return (fields) => ({ type, ...fields }) as unknown as T;
}

/** A string that is empty, or an http(s) URL of at most `max` code points. */
export function emptyOrWebUrl(max: number) {
  return v.pipe(
    str,
    v.check(
      (s: string) => s === "" || (lengthWithin(s, 0, max) && isAbsoluteUrl(s, WEB)),
      `expected an empty string or an http or https URL of at most ${max} characters`,
    ),
  );
}
