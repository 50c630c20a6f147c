// Command-line arguments, parsed by hand: `--name value`, `--name=value`,
// short aliases, repeatable options, flags, positionals and `--`.

/** One option a command accepts. */
export interface OptionSpec {
  /** The long name, without `--`. */
  name: string;
  /** A one-letter alias, without `-`. */
  short?: string;
  /** Whether the option takes a value (else it is a flag). */
  value: boolean;
  /** Whether the option may be repeated (values are collected in order). */
  multiple?: boolean;
}

/** Parsed arguments. */
export interface ParsedArgs {
  /** Option values by long name: flags hold `[""]`. */
  options: Map<string, string[]>;
  /** The arguments that are not options, in order. */
  positionals: string[];
}

/** Parses `args` against `specs`; gives an error message for anything unknown or incomplete. */
export function parseArgs(
  args: readonly string[],
  specs: readonly OptionSpec[],
): ParsedArgs | { error: string } {
  const byName = new Map<string, OptionSpec>();
  for (const spec of specs) {
    byName.set(`--${spec.name}`, spec);
    if (spec.short) byName.set(`-${spec.short}`, spec);
  }
  const options = new Map<string, string[]>();
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const key = eq < 0 ? arg : arg.slice(0, eq);
    const spec = byName.get(key);
    if (spec === undefined) return { error: `unknown option ${key}` };
    let value = "";
    if (spec.value) {
      if (eq >= 0) value = arg.slice(eq + 1);
      else if (i + 1 < args.length) value = args[++i]!;
      else return { error: `--${spec.name} needs a value` };
    } else if (eq >= 0) {
      return { error: `--${spec.name} takes no value` };
    }
    const previous = options.get(spec.name);
    if (previous && !spec.multiple && spec.value) {
      return { error: `--${spec.name} was given twice` };
    }
    if (previous) previous.push(value);
    else options.set(spec.name, [value]);
  }
  return { options, positionals };
}

/** The last value of an option, or `undefined`. */
export function option(parsed: ParsedArgs, name: string): string | undefined {
  return parsed.options.get(name)?.at(-1);
}
