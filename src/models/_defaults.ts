/**
 * Defaults on the way in: the fields marked with `defaultOnLoad` in the
 * schemas (a `wait_action`'s `duration`, a card's `buttons`, an AI task's
 * `userAttributes`) are filled in place when a notification is loaded,
 * wherever their object sits in an action, as the platform's reference does.
 *
 * The schemas are walked once, at module load, into one small filler per
 * action type that has a default somewhere inside it; the other types have
 * none, so loading them costs one map lookup.
 *
 * @module
 */
import type * as v from "valibot";
import { type DefaultOnLoad, isDict } from "./_primitives.ts";

/** Fills the defaults of one value in place; a value of another shape is left alone. */
export type Filler = (value: unknown) => void;

/** The parts of a valibot schema object the compiler reads. */
interface Node {
  type: string;
  entries?: Record<string, Node>;
  options?: readonly Node[];
  item?: Node;
  wrapped?: Node;
  literal?: unknown;
  pipe?: readonly { kind: string; type: string; metadata?: Partial<DefaultOnLoad> }[];
}

/** Makes the field's default on load, if its pipe carries one (a new list each time). */
function defaultOf(node: Node): (() => unknown) | undefined {
  for (const item of node.pipe ?? []) {
    if (item.kind === "metadata" && item.metadata && "defaultOnLoad" in item.metadata) {
      return maker(item.metadata.defaultOnLoad);
    }
  }
  return undefined;
}

/** A function that returns `value`, or a fresh copy when it is an object or a list. */
function maker(value: unknown): () => unknown {
  if (typeof value !== "object" || value === null) return () => value;
  if (Array.isArray(value) && value.length === 0) return () => [];
  return () => structuredClone(value);
}

/** The fillers of the nodes compiled so far (shared by one {@link fillersByType} run). */
type Compiled = Map<Node, Filler | undefined>;

/** The filler of the values `node` checks, or `undefined` when nothing below it has a default. */
function compile(node: Node, compiled: Compiled): Filler | undefined {
  if (compiled.has(node)) return compiled.get(node);
  compiled.set(node, undefined); // a schema that contains itself adds nothing
  let filler: Filler | undefined;
  if (node.wrapped !== undefined) {
    filler = compile(node.wrapped, compiled);
  } else if (node.entries !== undefined) {
    filler = compileObject(node.entries, compiled);
  } else if (node.item !== undefined) {
    const item = compile(node.item, compiled);
    if (item !== undefined) {
      filler = (list) => {
        if (!Array.isArray(list)) return;
        for (let i = 0; i < list.length; i++) item(list[i]);
      };
    }
  } else if (node.options !== undefined && node.type === "variant") {
    const byType = compileVariant(node.options, compiled);
    if (byType.size > 0) {
      filler = (value) => {
        if (isDict(value) && typeof value.type === "string") byType.get(value.type)?.(value);
      };
    }
  }
  compiled.set(node, filler);
  return filler;
}

function compileObject(entries: Record<string, Node>, compiled: Compiled): Filler | undefined {
  const steps: { key: string; make?: () => unknown; inner?: Filler }[] = [];
  for (const [key, entry] of Object.entries(entries)) {
    const make = defaultOf(entry);
    const inner = compile(entry, compiled);
    if (make !== undefined || inner !== undefined) steps.push({ key, make, inner });
  }
  if (steps.length === 0) return undefined;
  return (value) => {
    if (!isDict(value)) return;
    for (const step of steps) {
      let field = value[step.key];
      if (field === undefined && step.make !== undefined) field = value[step.key] = step.make();
      if (step.inner !== undefined && typeof field === "object" && field !== null) {
        step.inner(field);
      }
    }
  };
}

/** The fillers of a variant's options, by `type`; options without defaults are left out. */
function compileVariant(options: readonly Node[], compiled: Compiled): Map<string, Filler> {
  const byType = new Map<string, Filler>();
  for (const option of options) {
    const literal = option.entries?.type?.literal;
    const filler = compile(option, compiled);
    if (typeof literal === "string" && filler !== undefined) byType.set(literal, filler);
  }
  return byType;
}

/**
 * The fillers of the given schemas (each an object with a literal `type`),
 * by `type`: only the types with a default somewhere inside them. A node
 * shared by several schemas is compiled once; the map that remembers the
 * nodes is dropped on return, the fillers keep only what they fill.
 */
export function fillersByType(schemas: Iterable<v.GenericSchema>): ReadonlyMap<string, Filler> {
  return compileVariant([...schemas] as unknown as Node[], new Map());
}
