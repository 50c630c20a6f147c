// The README's code blocks, checked as a reader would use them (scripts/test.sh
// runs this; see "Code blocks in this README" in the README for the rules):
//
//   deno run --check --allow-read --allow-write --allow-run --allow-env scripts/readme/check.ts [README.md]
//
// - every ```ts block is type-checked by Deno, with `jsr:@clustaar/webhook`
//   and `@clustaar/webhook` (and each subpath of deno.json's "exports")
//   mapped to this checkout by an import map used only here;
// - a block whose first line is `// continued from the block above` is
//   appended to the block before it, and the two are checked as one file;
// - a block whose first line starts with `// Deno and Bun` is also run, as
//   pasted, under Bun and under Deno (servers it starts listen on a free
//   port and are stopped once the block has run);
// - a ```js block is bundled for Node.js with `bun build` and run under Node;
// - a relative import (`./examples/routing.ts`) is relative to the README;
// - other blocks (sh, text, json) are not checked.
//
// Exits with 1 when a block fails, printing where (README line) and why.
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const HERE = join(ROOT, "scripts/readme");
const DENO = join(ROOT, "node_modules/.bin/deno");
const BUN = join(ROOT, "node_modules/.bin/bun");
const CONTINUED = "// continued from the block above";
const RUN_MARK = /^\/\/ Deno and Bun\b/;
/** Longest a block may take to run (it only loads and starts servers). */
const RUN_TIMEOUT_MS = 60_000;

/** A fenced block of the README. */
interface Block {
  /** The README line of the block's first code line (1-based). */
  line: number;
  lang: string;
  code: string[];
}

/** One file to check: a block and the blocks that continue it. */
interface Unit {
  name: string;
  lang: "ts" | "js";
  run: boolean;
  /** The README line of each of the file's lines. */
  lines: number[];
  code: string[];
}

/** The fenced blocks of a Markdown text, with the line each starts at. */
export function fencedBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, lang] = open;
    const code: string[] = [];
    const start = i + 1;
    for (i++; i < lines.length; i++) {
      const line = lines[i]!;
      const close = line.trim();
      if (close.length >= fence!.length && close === fence![0]!.repeat(close.length)) break;
      code.push(line.startsWith(indent!) ? line.slice(indent!.length) : line.trimStart());
    }
    blocks.push({ line: start + 1, lang: lang!.toLowerCase(), code });
  }
  return blocks;
}

/** Groups the TypeScript and JavaScript blocks into files, joining continuations. */
export function units(blocks: readonly Block[]): Unit[] | { error: string } {
  const result: Unit[] = [];
  let last: Unit | undefined;
  for (const block of blocks) {
    const lang = block.lang === "ts" || block.lang === "typescript"
      ? "ts"
      : block.lang === "js" || block.lang === "javascript"
      ? "js"
      : undefined;
    if (lang === undefined) continue;
    const lines = block.code.map((_, index) => block.line + index);
    if (block.code[0]?.trim() === CONTINUED) {
      if (last === undefined || last.lang !== lang) {
        return {
          error: `README line ${block.line}: "${CONTINUED}", but no ${lang} block comes before it`,
        };
      }
      last.code.push(...block.code);
      last.lines.push(...lines);
      continue;
    }
    last = {
      name: `L${block.line}`,
      lang,
      run: lang === "js" || RUN_MARK.test(block.code[0] ?? ""),
      lines,
      code: [...block.code],
    };
    result.push(last);
  }
  return result;
}

interface Result {
  code: number;
  output: string;
}

function exec(command: string, args: string[], timeoutMs = 10 * 60_000): Promise<Result> {
  return new Promise((done) => {
    execFile(command, args, {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "1" },
      timeout: timeoutMs,
      killSignal: "SIGKILL",
      maxBuffer: 64 * 1024 * 1024,
    }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      const late = error?.killed ? `\n(killed: no end after ${timeoutMs / 1000} s)` : "";
      done({ code, output: `${stdout}${stderr}${late}` });
    });
  });
}

/**
 * A block's relative imports (`./examples/routing.ts`) are relative to the
 * README, as for a reader in the checkout: point them there, as absolute paths.
 */
export function anchorRelativeImports(code: string, dir: string): string {
  return code.replaceAll(
    /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/[^"'\n]*)\2/g,
    (_match, lead: string, quote: string, path: string) =>
      `${lead}${quote}${pathToFileURL(resolve(dir, path)).href}${quote}`,
  );
}

/** The import map: the package's name and each export, to this checkout. */
function packageImports(relativeRoot: string): Record<string, string> {
  const config = JSON.parse(readFileSync(join(ROOT, "deno.json"), "utf8"));
  const imports: Record<string, string> = { ...config.imports };
  const exports: Record<string, string> = typeof config.exports === "string"
    ? { ".": config.exports }
    : config.exports;
  for (const [key, path] of Object.entries(exports)) {
    const target = `${relativeRoot}/${path.replace(/^\.\//, "")}`;
    const name = `${config.name}${key === "." ? "" : key.slice(1)}`;
    imports[name] = target;
    imports[`jsr:${name}`] = target;
  }
  return imports;
}

/** Turns paths into the block files back into README lines. */
function toReadme(output: string, dir: string, byName: Map<string, Unit>, readme: string): string {
  const pattern = new RegExp(
    `(?:file://)?${
      dir.replaceAll(/[.*+?^${}()|[\]\\]/g, "\\$&")
    }/\\w+/(L\\d+)\\.(?:ts|mjs)(?::(\\d+)(?::(\\d+))?)?`,
    "g",
  );
  return output.replaceAll(pattern, (match, name: string, line?: string, column?: string) => {
    const unit = byName.get(name);
    if (!unit) return match;
    if (line === undefined) return `${readme} (block at line ${unit.lines[0]})`;
    const at = unit.lines[Number(line) - 1] ?? unit.lines[0];
    return `${readme}:${at}${column ? `:${column}` : ""}`;
  });
}

async function main(args: string[]): Promise<number> {
  const readmePath = resolve(args[0] ?? join(ROOT, "README.md"));
  const readme = relative(process.cwd(), readmePath) || readmePath;
  const grouped = units(fencedBlocks(readFileSync(readmePath, "utf8")));
  if ("error" in grouped) {
    console.error(`Error: ${grouped.error}`);
    return 1;
  }
  const byName = new Map(grouped.map((unit) => [unit.name, unit]));
  // Inside the checkout, so that bare npm names (hono, ...) resolve from node_modules.
  const dir = join(ROOT, `.readme-check-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  let failed = 0;
  try {
    const deno = join(dir, "deno");
    const bun = join(dir, "bun");
    mkdirSync(deno, { recursive: true });
    mkdirSync(bun, { recursive: true });
    // The project's own deno.json (compiler options, node_modules), with an import map on top.
    const importMap = join(deno, "import_map.json");
    writeFileSync(importMap, JSON.stringify({ imports: packageImports("../..") }, null, 2));
    const paths = Object.fromEntries(
      Object.entries(packageImports("../..")).filter(([name]) => !name.startsWith("jsr:")).map((
        [name, path],
      ) => [name, [path]]),
    );
    writeFileSync(
      join(bun, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { paths } }, null, 2),
    );

    const ts = grouped.filter((unit) => unit.lang === "ts");
    for (const unit of grouped) {
      const text = `${anchorRelativeImports(unit.code.join("\n"), dirname(readmePath))}\n`;
      if (unit.lang === "ts") writeFileSync(join(deno, `${unit.name}.ts`), text);
      writeFileSync(join(bun, `${unit.name}.${unit.lang === "ts" ? "ts" : "mjs"}`), text);
    }

    // 1. Type-check every TypeScript block at once.
    if (ts.length > 0) {
      const check = await exec(DENO, [
        "check",
        "--quiet",
        "--config",
        join(ROOT, "deno.json"),
        "--import-map",
        importMap,
        join(HERE, "bun_global.d.ts"),
        ...ts.map((unit) => join(deno, `${unit.name}.ts`)),
      ]);
      if (check.code !== 0) {
        failed++;
        console.error(toReadme(check.output, dir, byName, readme).trimEnd());
        console.error(`\nFAILED: the TypeScript blocks of ${readme} do not type-check (above)`);
      }
    }

    // 2. Run the blocks marked for Bun, under Bun and under Deno, and the JavaScript under Node.
    const runs = grouped.filter((unit) => unit.run);
    for (const unit of runs) {
      const attempts: [string, Promise<Result>][] = [];
      if (unit.lang === "ts") {
        attempts.push([
          "Bun",
          exec(
            BUN,
            ["run", join(HERE, "run_block.ts"), join(bun, `${unit.name}.ts`)],
            RUN_TIMEOUT_MS,
          ),
        ]);
        attempts.push([
          "Deno",
          exec(DENO, [
            "run",
            "--quiet",
            "--allow-all",
            "--config",
            join(ROOT, "deno.json"),
            "--import-map",
            importMap,
            join(HERE, "run_block.ts"),
            join(deno, `${unit.name}.ts`),
          ], RUN_TIMEOUT_MS),
        ]);
      } else {
        const bundle = join(bun, `${unit.name}.bundle.mjs`);
        attempts.push([
          "Node.js",
          exec(BUN, ["build", join(bun, `${unit.name}.mjs`), "--target=node", "--outfile", bundle])
            .then((built) =>
              built.code !== 0
                ? built
                : exec("node", [join(HERE, "run_block.node.mjs"), bundle], RUN_TIMEOUT_MS)
            ),
        ]);
      }
      for (const [runtime, attempt] of attempts) {
        const result = await attempt;
        if (result.code === 0) continue;
        failed++;
        console.error(toReadme(result.output, dir, byName, readme).trimEnd());
        console.error(
          `\nFAILED: the block at ${readme}:${unit.lines[0]} does not run under ${runtime} (above)`,
        );
      }
    }
    const tsBlocks = grouped.filter((unit) => unit.lang === "ts").length;
    const bunRuns = runs.filter((unit) => unit.lang === "ts").length;
    const nodeRuns = runs.length - bunRuns;
    console.log(
      `${readme}: ${tsBlocks} TypeScript files (continuations joined) type-checked; ` +
        `${bunRuns} run under Bun and Deno; ${nodeRuns} JavaScript run under Node.js; ` +
        `${failed === 0 ? "all passed" : `${failed} failed`}`,
    );
  } finally {
    if (!process.env.README_CHECK_KEEP) rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${dir}`);
  }
  return failed === 0 ? 0 : 1;
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
