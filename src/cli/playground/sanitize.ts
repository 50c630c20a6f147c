// What the platform does to the text of an answer before the end user sees
// it (../shared/spec/display.md): `bleach.clean(value, tags=TAGS,
// attributes=ATTRIBUTES)`, then every `&amp;` back into `&`. This follows
// bleach 5.0.1 and the html5lib 1.1 parser it runs on: the tokenizer (with
// bleach's changes: entities are left as they are, a tag outside TAGS becomes
// its own source text, escaped), the tree construction of the "in body"
// insertion mode for the allowed tags (implied end tags, list items, the
// adoption agency algorithm for misnested formatting, reconstruction of the
// active formatting elements) and the serializer. The playground's page
// renders the result; tests/sanitize_test.ts compares it with bleach itself.
//
// Plain TypeScript without the DOM: it runs in the browser (bundled into the
// page) and in the tests.

/** The tags the platform keeps. */
export const ALLOWED_TAGS: readonly string[] = [
  "a",
  "abbr",
  "acronym",
  "b",
  "blockquote",
  "code",
  "em",
  "i",
  "li",
  "ol",
  "strong",
  "ul",
  "br",
];

/** The link protocols the platform keeps in `href`. */
export const ALLOWED_PROTOCOLS: readonly string[] = ["http", "https", "mailto"];

/** Whether the platform keeps the attribute `name` with `value` on `tag`. */
export function allowedAttribute(tag: string, name: string, value: string): boolean {
  if (tag === "a") {
    return name === "href" || name === "title" ||
      (name === "target" && (value === "_blank" || value === "_top"));
  }
  return (tag === "abbr" || tag === "acronym") && name === "title";
}

/** The text as the platform sends it, and what it changed that the end user will notice. */
export interface Sanitized {
  /** The text after sanitising: HTML in which only the allowed tags and attributes are markup. */
  html: string;
  /**
   * What sanitising did to markup the developer wrote, one sentence each:
   * tags escaped (shown as text), attributes and links dropped, comments
   * removed. Empty when the text holds no such markup.
   */
  changes: string[];
}

const TAGS = new Set(ALLOWED_TAGS);
const SPACE = new Set(["\t", "\n", "\f", " ", "\r"]);
const FORMATTING = new Set(["a", "b", "code", "em", "i", "strong"]);
/** html5lib's special elements that can be on the stack here (`html` is the fragment's root). */
const SPECIAL = new Set(["html", "blockquote", "br", "li", "ol", "ul"]);

function isLetter(c: string): boolean {
  return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z");
}

function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** Python's `str.strip()`: its white space differs a little from JavaScript's `trim()`. */
function pythonStrip(text: string): string {
  return text.replace(
    // deno-lint-ignore no-control-regex -- the control characters are the point
    /^[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g,
    "",
  );
}

// ---------------------------------------------------------------- tokens

type Token =
  | { type: "chars"; data: string }
  | { type: "start"; name: string; attrs: [string, string][] }
  | { type: "end"; name: string };

interface Changes {
  escaped: Set<string>;
  removed: Set<string>;
  attributes: Set<string>;
  links: Set<string>;
  invisible: boolean;
}

/**
 * html5lib's tokenizer in its data state, with bleach's changes: character
 * references are not decoded, a tag outside TAGS is emitted as its source
 * text, comments and doctypes go (bleach strips comments).
 */
function tokenize(input: string, changes: Changes): Token[] {
  const tokens: Token[] = [];
  const n = input.length;
  let pos = 0;
  const chars = (data: string) => tokens.push({ type: "chars", data });

  /** Emits a tag token: an allowed one as a tag, any other as its source text. */
  const emitTag = (
    kind: "start" | "end",
    name: string,
    attrs: [string, string][],
    start: number,
  ) => {
    if (!TAGS.has(name.toLowerCase())) {
      const raw = input.slice(start, pos);
      chars(raw);
      changes.escaped.add(kind === "end" ? `</${name.toLowerCase()}>` : `<${name.toLowerCase()}>`);
      return;
    }
    if (kind === "end") {
      tokens.push({ type: "end", name: asciiLower(name) });
      return;
    }
    // The first of duplicate attributes wins, in the order first seen.
    const seen = new Map<string, string>();
    for (const [key, value] of attrs) if (!seen.has(key)) seen.set(key, value);
    tokens.push({ type: "start", name: asciiLower(name), attrs: [...seen] });
  };

  while (pos < n) {
    const c = input[pos]!;
    if (c === "<") {
      const start = pos;
      pos++;
      readTag(start);
      continue;
    }
    if (c === "\u0000") {
      pos++; // a NUL on its own is dropped by the tree builder
      continue;
    }
    let end = pos + 1;
    while (end < n && input[end] !== "<" && input[end] !== "\u0000") end++;
    chars(input.slice(pos, end));
    pos = end;
  }
  return tokens;

  function readTag(start: number): void {
    const c = input[pos];
    if (c === undefined) {
      chars("<");
      return;
    }
    if (c === "!") {
      pos++;
      markupDeclaration();
      return;
    }
    if (c === "/") {
      pos++;
      const d = input[pos];
      if (d === undefined) {
        chars("</");
        return;
      }
      if (isLetter(d)) {
        tagName("end", start);
        return;
      }
      if (d === ">") {
        pos++; // `</>` is ignored
        return;
      }
      // A bogus comment; bleach turns it back into text unless it names an allowed tag.
      const close = input.indexOf(">", pos);
      const data = input.slice(pos, close < 0 ? n : close);
      pos = close < 0 ? n : close + 1;
      if (!TAGS.has(pythonStrip(data.toLowerCase()))) {
        chars(input.slice(start, pos));
        changes.escaped.add(input.slice(start, pos).slice(0, 40));
      } else {
        changes.removed.add("a malformed end tag");
      }
      return;
    }
    if (isLetter(c)) {
      tagName("start", start);
      return;
    }
    if (c === ">") {
      pos++;
      chars("<>");
      return;
    }
    if (c === "?") {
      bogusComment("a processing instruction");
      return;
    }
    chars("<"); // not a tag: the character is read again as text
  }

  function bogusComment(what: string): void {
    const close = input.indexOf(">", pos);
    pos = close < 0 ? n : close + 1;
    changes.removed.add(what);
  }

  function markupDeclaration(): void {
    if (input.startsWith("--", pos)) {
      pos += 2;
      comment();
      return;
    }
    if (input.slice(pos, pos + 7).toLowerCase() === "doctype") {
      // Every doctype state ends at the first `>` (or at the end).
      bogusComment("a doctype");
      return;
    }
    bogusComment("a markup declaration");
  }

  /** The comment states of html5lib's tokenizer, from after `<!--`: where the comment ends. */
  function comment(): void {
    changes.removed.add("a comment");
    let state: "start" | "startDash" | "comment" | "endDash" | "end" | "endBang" = "start";
    while (pos < n) {
      const c = input[pos++]!;
      switch (state) {
        case "start":
          if (c === "-") state = "startDash";
          else if (c === ">") return;
          else state = "comment";
          break;
        case "startDash":
          if (c === "-") state = "end";
          else if (c === ">") return;
          else state = "comment";
          break;
        case "comment":
          if (c === "-") state = "endDash";
          break;
        case "endDash":
          state = c === "-" ? "end" : "comment";
          break;
        case "end":
          if (c === ">") return;
          if (c === "!") state = "endBang";
          else if (c !== "-") state = "comment";
          break;
        case "endBang":
          if (c === ">") return;
          state = c === "-" ? "endDash" : "comment";
          break;
      }
    }
  }

  /** From the first letter of the tag name to the end of the tag. */
  function tagName(kind: "start" | "end", start: number): void {
    let name = "";
    const attrs: [string, string][] = [];
    type State =
      | "name"
      | "beforeAttrName"
      | "attrName"
      | "afterAttrName"
      | "beforeAttrValue"
      | "valueDouble"
      | "valueSingle"
      | "valueUnquoted"
      | "afterValue"
      | "selfClosing";
    let state: State = "name";
    const current = () => attrs[attrs.length - 1]!;
    /** Leaving the attribute name state: its name is lower-cased (ASCII only). */
    const closeName = () => (current()[0] = asciiLower(current()[0]));
    const emit = () => emitTag(kind, name, attrs, start);
    while (true) {
      const c = input[pos];
      if (c === undefined) {
        // bleach gives back "<" and the name when the text ends inside a tag name;
        // a tag cut anywhere else is dropped, as html5lib drops it.
        if (state === "name") chars(`<${name}`);
        if (state === "attrName") closeName();
        return;
      }
      pos++;
      switch (state) {
        case "name":
          if (SPACE.has(c)) state = "beforeAttrName";
          else if (c === ">") return emit();
          else if (c === "/") state = "selfClosing";
          else name += c === "\u0000" ? "\ufffd" : c;
          break;
        case "beforeAttrName":
          if (SPACE.has(c)) break;
          if (c === ">") return emit();
          if (c === "/") state = "selfClosing";
          else {
            attrs.push([c === "\u0000" ? "\ufffd" : c, ""]);
            state = "attrName";
          }
          break;
        case "attrName":
          if (c === "=") {
            closeName();
            state = "beforeAttrValue";
          } else if (c === ">") {
            closeName();
            return emit();
          } else if (SPACE.has(c)) {
            closeName();
            state = "afterAttrName";
          } else if (c === "/") {
            closeName();
            state = "selfClosing";
          } else current()[0] += c === "\u0000" ? "\ufffd" : c;
          break;
        case "afterAttrName":
          if (SPACE.has(c)) break;
          if (c === "=") state = "beforeAttrValue";
          else if (c === ">") return emit();
          else if (c === "/") state = "selfClosing";
          else {
            attrs.push([c === "\u0000" ? "\ufffd" : c, ""]);
            state = "attrName";
          }
          break;
        case "beforeAttrValue":
          if (SPACE.has(c)) break;
          if (c === '"') state = "valueDouble";
          else if (c === "'") state = "valueSingle";
          else if (c === ">") return emit();
          else {
            current()[1] += c === "\u0000" ? "\ufffd" : c;
            state = "valueUnquoted";
          }
          break;
        case "valueDouble":
          if (c === '"') state = "afterValue";
          else current()[1] += c === "\u0000" ? "\ufffd" : c;
          break;
        case "valueSingle":
          if (c === "'") state = "afterValue";
          else current()[1] += c === "\u0000" ? "\ufffd" : c;
          break;
        case "valueUnquoted":
          if (SPACE.has(c)) state = "beforeAttrName";
          else if (c === ">") return emit();
          else current()[1] += c === "\u0000" ? "\ufffd" : c;
          break;
        case "afterValue":
          if (SPACE.has(c)) state = "beforeAttrName";
          else if (c === ">") return emit();
          else if (c === "/") state = "selfClosing";
          else {
            pos--; // read again as the start of an attribute name
            state = "beforeAttrName";
          }
          break;
        case "selfClosing":
          if (c === ">") return emit(); // a self-closing flag changes nothing for these tags
          pos--;
          state = "beforeAttrName";
          break;
      }
    }
  }
}

// ------------------------------------------------------------------ tree

interface Element {
  name: string;
  attrs: [string, string][];
  children: Node[];
  parent: Element | undefined;
}
type Node = Element | { text: string };

function element(name: string, attrs: [string, string][]): Element {
  return { name, attrs: attrs.map(([k, v]) => [k, v]), children: [], parent: undefined };
}

function append(parent: Element, child: Node): void {
  if ("text" in child) {
    const last = parent.children[parent.children.length - 1];
    if (last !== undefined && "text" in last) last.text += child.text;
    else parent.children.push({ text: child.text });
    return;
  }
  if (child.parent) child.parent.children.splice(child.parent.children.indexOf(child), 1);
  child.parent = parent;
  parent.children.push(child);
}

function sameAttributes(a: [string, string][], b: [string, string][]): boolean {
  if (a.length !== b.length) return false;
  const map = new Map(a);
  return b.every(([k, v]) => map.get(k) === v);
}

/** html5lib's tree construction in the "in body" insertion mode, for the allowed tags only. */
function buildTree(tokens: readonly Token[]): Element {
  const root = element("html", []);
  const open: Element[] = [root];
  const formatting: Element[] = [];
  const current = () => open[open.length - 1]!;

  const insert = (name: string, attrs: [string, string][]): Element => {
    const node = element(name, attrs);
    append(current(), node);
    open.push(node);
    return node;
  };
  const inScope = (name: string, list = false): boolean => {
    for (let i = open.length - 1; i >= 0; i--) {
      const node = open[i]!;
      if (node.name === name) return true;
      if (node.name === "html" || (list && (node.name === "ol" || node.name === "ul"))) {
        return false;
      }
    }
    return false;
  };
  const impliedEndTags = (exclude?: string) => {
    while (current().name === "li" && exclude !== "li") open.pop();
  };
  const reconstruct = () => {
    if (formatting.length === 0) return;
    let i = formatting.length - 1;
    if (open.includes(formatting[i]!)) return;
    while (i > 0 && !open.includes(formatting[i - 1]!)) i--;
    for (; i < formatting.length; i++) {
      const entry = formatting[i]!;
      formatting[i] = insert(entry.name, entry.attrs);
    }
  };
  const addFormatting = (name: string, attrs: [string, string][]) => {
    const node = insert(name, attrs);
    const matching = formatting.filter((e) => e.name === name && sameAttributes(e.attrs, attrs));
    if (matching.length === 3) formatting.splice(formatting.indexOf(matching[0]!), 1);
    formatting.push(node);
  };
  const lastFormatting = (name: string): Element | undefined => {
    for (let i = formatting.length - 1; i >= 0; i--) {
      if (formatting[i]!.name === name) return formatting[i];
    }
    return undefined;
  };
  const remove = <T>(list: T[], item: T) => {
    const i = list.indexOf(item);
    if (i >= 0) list.splice(i, 1);
  };

  const endOther = (name: string) => {
    for (let i = open.length - 1; i >= 0; i--) {
      const node = open[i]!;
      if (node.name === name) {
        impliedEndTags(name);
        while (open.pop() !== node) { /* pop up to the node */ }
        return;
      }
      if (SPECIAL.has(node.name)) return;
    }
  };

  /** The adoption agency algorithm, as html5lib 1.1 has it. */
  const endFormatting = (name: string) => {
    for (let outer = 0; outer < 8; outer++) {
      const formattingElement = lastFormatting(name);
      if (formattingElement === undefined) {
        endOther(name);
        return;
      }
      if (!open.includes(formattingElement)) {
        remove(formatting, formattingElement);
        return;
      }
      const afeIndex = open.indexOf(formattingElement);
      const furthestBlock = open.slice(afeIndex).find((e) => SPECIAL.has(e.name));
      if (furthestBlock === undefined) {
        while (open.pop() !== formattingElement) { /* pop up to the formatting element */ }
        remove(formatting, formattingElement);
        return;
      }
      const commonAncestor = open[afeIndex - 1]!;
      let bookmark = formatting.indexOf(formattingElement);
      let lastNode = furthestBlock;
      let node: Element;
      let index = open.indexOf(furthestBlock);
      for (let inner = 0; inner < 3;) {
        inner++;
        index--;
        node = open[index]!;
        if (!formatting.includes(node)) {
          open.splice(index, 1);
          continue;
        }
        if (node === formattingElement) break;
        if (lastNode === furthestBlock) bookmark = formatting.indexOf(node) + 1;
        const clone = element(node.name, node.attrs);
        formatting[formatting.indexOf(node)] = clone;
        open[open.indexOf(node)] = clone;
        node = clone;
        append(node, lastNode);
        lastNode = node;
      }
      append(commonAncestor, lastNode);
      const clone = element(formattingElement.name, formattingElement.attrs);
      clone.children = furthestBlock.children;
      for (const child of clone.children) if (!("text" in child)) child.parent = clone;
      furthestBlock.children = [];
      append(furthestBlock, clone);
      remove(formatting, formattingElement);
      formatting.splice(bookmark, 0, clone);
      remove(open, formattingElement);
      open.splice(open.indexOf(furthestBlock) + 1, 0, clone);
    }
  };

  const endListItem = () => {
    if (!inScope("li", true)) return;
    impliedEndTags("li");
    while (open.pop()!.name !== "li") { /* pop up to the li */ }
  };

  for (const token of tokens) {
    if (token.type === "chars") {
      reconstruct();
      append(current(), { text: token.data });
      continue;
    }
    const { name } = token;
    if (token.type === "start") {
      const attrs = token.attrs;
      if (name === "a") {
        const previous = lastFormatting("a");
        if (previous !== undefined) {
          endFormatting("a");
          remove(open, previous);
          remove(formatting, previous);
        }
        reconstruct();
        addFormatting(name, attrs);
      } else if (FORMATTING.has(name)) {
        reconstruct();
        addFormatting(name, attrs);
      } else if (name === "blockquote" || name === "ol" || name === "ul") {
        insert(name, attrs);
      } else if (name === "li") {
        for (let i = open.length - 1; i >= 0; i--) {
          const node = open[i]!;
          if (node.name === "li") {
            endListItem();
            break;
          }
          if (SPECIAL.has(node.name)) break;
        }
        insert(name, attrs);
      } else if (name === "br") {
        reconstruct();
        insert(name, attrs);
        open.pop();
      } else {
        reconstruct(); // abbr, acronym
        insert(name, attrs);
      }
      continue;
    }
    if (name === "blockquote" || name === "ol" || name === "ul") {
      if (inScope(name)) {
        impliedEndTags();
        while (open.pop()!.name !== name) { /* pop up to the element */ }
      }
    } else if (name === "li") {
      endListItem();
    } else if (FORMATTING.has(name)) {
      endFormatting(name);
    } else if (name === "br") {
      reconstruct();
      insert("br", []);
      open.pop();
    } else {
      endOther(name);
    }
  }
  return root;
}

// ------------------------------------------------------------- serialize

/** The named character references html5lib decodes without their `;` (its "legacy" ones). */
const LEGACY_ENTITIES: Record<string, string> = {
  AElig: "\u00c6",
  AMP: "&",
  Aacute: "\u00c1",
  Acirc: "\u00c2",
  Agrave: "\u00c0",
  Aring: "\u00c5",
  Atilde: "\u00c3",
  Auml: "\u00c4",
  COPY: "\u00a9",
  Ccedil: "\u00c7",
  ETH: "\u00d0",
  Eacute: "\u00c9",
  Ecirc: "\u00ca",
  Egrave: "\u00c8",
  Euml: "\u00cb",
  GT: ">",
  Iacute: "\u00cd",
  Icirc: "\u00ce",
  Igrave: "\u00cc",
  Iuml: "\u00cf",
  LT: "<",
  Ntilde: "\u00d1",
  Oacute: "\u00d3",
  Ocirc: "\u00d4",
  Ograve: "\u00d2",
  Oslash: "\u00d8",
  Otilde: "\u00d5",
  Ouml: "\u00d6",
  QUOT: '"',
  REG: "\u00ae",
  THORN: "\u00de",
  Uacute: "\u00da",
  Ucirc: "\u00db",
  Ugrave: "\u00d9",
  Uuml: "\u00dc",
  Yacute: "\u00dd",
  aacute: "\u00e1",
  acirc: "\u00e2",
  acute: "\u00b4",
  aelig: "\u00e6",
  agrave: "\u00e0",
  amp: "&",
  aring: "\u00e5",
  atilde: "\u00e3",
  auml: "\u00e4",
  brvbar: "\u00a6",
  ccedil: "\u00e7",
  cedil: "\u00b8",
  cent: "\u00a2",
  copy: "\u00a9",
  curren: "\u00a4",
  deg: "\u00b0",
  divide: "\u00f7",
  eacute: "\u00e9",
  ecirc: "\u00ea",
  egrave: "\u00e8",
  eth: "\u00f0",
  euml: "\u00eb",
  frac12: "\u00bd",
  frac14: "\u00bc",
  frac34: "\u00be",
  gt: ">",
  iacute: "\u00ed",
  icirc: "\u00ee",
  iexcl: "\u00a1",
  igrave: "\u00ec",
  iquest: "\u00bf",
  iuml: "\u00ef",
  laquo: "\u00ab",
  lt: "<",
  macr: "\u00af",
  micro: "\u00b5",
  middot: "\u00b7",
  nbsp: "\u00a0",
  not: "\u00ac",
  ntilde: "\u00f1",
  oacute: "\u00f3",
  ocirc: "\u00f4",
  ograve: "\u00f2",
  ordf: "\u00aa",
  ordm: "\u00ba",
  oslash: "\u00f8",
  otilde: "\u00f5",
  ouml: "\u00f6",
  para: "\u00b6",
  plusmn: "\u00b1",
  pound: "\u00a3",
  quot: '"',
  raquo: "\u00bb",
  reg: "\u00ae",
  sect: "\u00a7",
  shy: "\u00ad",
  sup1: "\u00b9",
  sup2: "\u00b2",
  sup3: "\u00b3",
  szlig: "\u00df",
  thorn: "\u00fe",
  times: "\u00d7",
  uacute: "\u00fa",
  ucirc: "\u00fb",
  ugrave: "\u00f9",
  uml: "\u00a8",
  uuml: "\u00fc",
  yacute: "\u00fd",
  yen: "\u00a5",
  yuml: "\u00ff",
};

/**
 * bleach's `convert_entities` for the protocol check: `&#115;`, `&#x73;` and
 * the legacy names with their `;` become characters; any other stays.
 */
function convertEntities(value: string): string {
  return value.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);/g, (whole, name) => {
    if (name[0] === "#") {
      const hex = name[1] === "x" || name[1] === "X";
      const code = parseInt(name.slice(hex ? 2 : 1), hex ? 16 : 10);
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return LEGACY_ENTITIES[name] ?? whole;
  });
}

const SCHEME_CHARS = /^[A-Za-z0-9+.-]+$/;

/** bleach's `sanitize_uri_value`: whether the link keeps its `href`. */
export function allowedHref(value: string): boolean {
  const normalized = convertEntities(value)
    // deno-lint-ignore no-control-regex -- the control characters are the point
    .replace(/[`\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g, "")
    .replaceAll("\ufffd", "")
    .toLowerCase();
  // The urlsplit of bleach's vendored urllib.parse: a scheme is what precedes
  // the first ":" when it is made of scheme characters and what follows is not a port.
  let scheme = "";
  let rest = normalized;
  const colon = normalized.indexOf(":");
  if (colon > 0) {
    const head = normalized.slice(0, colon);
    const tail = normalized.slice(colon + 1);
    if (SCHEME_CHARS.test(head) && (tail === "" || /[^0-9]/.test(tail))) {
      scheme = head;
      rest = tail;
    }
  }
  if (rest.startsWith("//")) {
    const end = rest.slice(2).search(/[/?#]/);
    const netloc = end < 0 ? rest.slice(2) : rest.slice(2, 2 + end);
    if (netloc.includes("[") !== netloc.includes("]")) return false; // "Invalid IPv6 URL"
    // deno-lint-ignore no-control-regex -- the control characters are the point
    if (/[^\x00-\x7f]/.test(netloc)) {
      const stripped = netloc.replace(/[@:#?]/g, "");
      const folded = stripped.normalize("NFKC");
      if (folded !== stripped && /[/?#@:]/.test(folded)) return false;
    }
  }
  if (scheme !== "") return ALLOWED_PROTOCOLS.includes(scheme);
  return true; // an anchor, a relative link, or a link without a scheme: bleach assumes http
}

/** bleach's invisible characters: the C0 controls but tab, line feed and carriage return. */
// deno-lint-ignore no-control-regex -- the control characters are the point
const INVISIBLE = /[\x00-\x08\x0b\x0c\x0e-\x1f]/g;

function escapeText(text: string, changes: Changes): string {
  const visible = text.replace(INVISIBLE, () => {
    changes.invisible = true;
    return "?";
  });
  // Character references are left as they are; a bare "&" would become
  // "&amp;", which the platform then turns back into "&": the same text.
  return visible.replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

function attribute(name: string, value: string): string {
  const escaped = value.replaceAll("<", "&lt;");
  return escaped.includes('"') && !escaped.includes("'")
    ? ` ${name}='${escaped}'`
    : ` ${name}="${escaped.replaceAll('"', "&quot;")}"`;
}

function serialize(parent: Element, changes: Changes): string {
  let out = "";
  for (const node of parent.children) {
    if ("text" in node) {
      out += escapeText(node.text, changes);
      continue;
    }
    let attrs = "";
    for (const [name, value] of node.attrs) {
      if (!allowedAttribute(node.name, name, value)) {
        changes.attributes.add(`${name} on <${node.name}>`);
        continue;
      }
      if (name === "href" && !allowedHref(value)) {
        changes.links.add(value.length > 60 ? `${value.slice(0, 60)}…` : value);
        continue;
      }
      attrs += attribute(name, value);
    }
    out += `<${node.name}${attrs}>`;
    if (node.name === "br") continue;
    out += serialize(node, changes) + `</${node.name}>`;
  }
  return out;
}

function list(items: Iterable<string>): string {
  return [...items].map((item) => JSON.stringify(item)).join(", ");
}

/**
 * Sanitises a text field as the platform does: `bleach.clean` with the
 * platform's tags and attributes, then `&amp;` back into `&`. An empty
 * value is left as it is.
 */
export function sanitize(value: string): Sanitized {
  const changes: Changes = {
    escaped: new Set(),
    removed: new Set(),
    attributes: new Set(),
    links: new Set(),
    invisible: false,
  };
  if (value === "") return { html: "", changes: [] };
  const input = value.replace(/\r\n?/g, "\n");
  const html = serialize(buildTree(tokenize(input, changes)), changes).replaceAll("&amp;", "&");
  const notes: string[] = [];
  if (changes.escaped.size > 0) {
    notes.push(`The platform escapes ${list(changes.escaped)}: the end user sees it as text`);
  }
  if (changes.attributes.size > 0) {
    notes.push(`The platform drops the attribute ${list(changes.attributes)}`);
  }
  if (changes.links.size > 0) {
    notes.push(
      `The platform drops the link ${
        list(changes.links)
      }: only http, https and mailto links are kept`,
    );
  }
  if (changes.removed.size > 0) {
    notes.push(`The platform removes ${[...changes.removed].join(", ")}`);
  }
  if (changes.invisible) notes.push("The platform replaces control characters with ?");
  return { html, changes: notes };
}

/**
 * A text field as the end user gets it: NFKC-normalised (display.md: the
 * display fields are), then sanitised. The order of the two is not known;
 * normalising first means that what the page renders is always within the
 * allowlist, even for compatibility characters that normalise to `<`.
 */
export function platformText(value: string): Sanitized {
  return sanitize(value.normalize("NFKC"));
}
