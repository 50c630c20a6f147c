// The README check (scripts/readme/check.ts): how it reads blocks and joins
// continuations, and that it fails, naming the Markdown line, on a block that
// does not type-check and on a block marked for Bun that does not run.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { anchorRelativeImports, fencedBlocks, units } from "../scripts/readme/check.ts";
import { ROOT } from "./_helpers.ts";

const FENCE = "```";

describe("README check: blocks", () => {
  test("fencedBlocks() finds each block with its language and first code line", () => {
    const markdown = [
      "# Title", // 1
      "", // 2
      `${FENCE}ts`, // 3
      "const a = 1;", // 4
      FENCE, // 5
      "- item", // 6
      `  ${FENCE}sh`, // 7
      "  echo hi", // 8
      `  ${FENCE}`, // 9
      `${FENCE}${FENCE}`, // 10: a longer fence holds a shorter one
      FENCE, // 11
      `${FENCE}${FENCE}`, // 12
    ].join("\n");
    const blocks = fencedBlocks(markdown);
    assert.deepEqual(blocks, [
      { line: 4, lang: "ts", code: ["const a = 1;"] },
      { line: 8, lang: "sh", code: ["echo hi"] },
      { line: 11, lang: "", code: [FENCE] },
    ]);
  });

  test("units() joins continuations, marks Deno-and-Bun blocks and keeps README lines", () => {
    const blocks = [
      { line: 3, lang: "ts", code: ["// Deno and Bun", "const a = 1;"] },
      { line: 9, lang: "sh", code: ["echo hi"] },
      { line: 14, lang: "ts", code: ["// continued from the block above", "console.log(a);"] },
      { line: 20, lang: "typescript", code: ["const b = 2;"] },
      { line: 25, lang: "js", code: ["// Node.js", "console.log(1);"] },
    ];
    const result = units(blocks);
    assert.ok(!("error" in result));
    assert.deepEqual(result.map(({ name, lang, run, lines }) => ({ name, lang, run, lines })), [
      { name: "L3", lang: "ts", run: true, lines: [3, 4, 14, 15] },
      { name: "L20", lang: "ts", run: false, lines: [20] },
      { name: "L25", lang: "js", run: true, lines: [25, 26] },
    ]);
    assert.deepEqual(result[0]!.code, [
      "// Deno and Bun",
      "const a = 1;",
      "// continued from the block above",
      "console.log(a);",
    ]);
  });

  test("units() refuses a continuation with no block of its language before it", () => {
    const result = units([
      { line: 5, lang: "js", code: ["let a;"] },
      { line: 9, lang: "ts", code: ["// continued from the block above", "a;"] },
    ]);
    assert.deepEqual(result, {
      error: 'README line 9: "// continued from the block above", but no ts block comes before it',
    });
  });
});

describe("README check: relative imports", () => {
  test("anchorRelativeImports() makes a block's relative imports relative to the README", () => {
    const code = [
      'import app from "./examples/routing.ts";',
      "import bot from '../bot.json' with { type: \"json\" };",
      'export { x } from "./x.ts";',
      'import "./side_effect.ts";',
      'const lazy = await import("./lazy.ts");',
      'import { Webhook } from "@clustaar/webhook";',
      'const text = "./not/an/import.ts";',
    ].join("\n");
    assert.equal(
      anchorRelativeImports(code, "/repo/docs"),
      [
        'import app from "file:///repo/docs/examples/routing.ts";',
        "import bot from 'file:///repo/bot.json' with { type: \"json\" };",
        'export { x } from "file:///repo/docs/x.ts";',
        'import "file:///repo/docs/side_effect.ts";',
        'const lazy = await import("file:///repo/docs/lazy.ts");',
        'import { Webhook } from "@clustaar/webhook";',
        'const text = "./not/an/import.ts";',
      ].join("\n"),
    );
  });
});

describe("README check: a broken README", () => {
  // It runs deno check and both runtimes: a cold module cache alone can take longer than Bun's 5 s default.
  test(
    "check.ts exits with 1 and names the line of a type error and of a block that does not run",
    {
      timeout: 240_000,
    },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "readme-check-"));
      const readme = join(dir, "README.md");
      writeFileSync(
        readme,
        [
          "# A broken README", // 1
          "", // 2
          `${FENCE}ts`, // 3
          "// Deno and Bun", // 4
          'import { Webhook } from "@clustaar/webhook";', // 5
          "", // 6
          "const app = new Webhook();", // 7
          FENCE, // 8
          "", // 9
          `${FENCE}ts`, // 10
          "// continued from the block above", // 11
          "const port: number = app.routes;", // 12: not a number
          FENCE, // 13
          "", // 14
          `${FENCE}ts`, // 15
          "// Deno and Bun", // 16
          'import { Webhook } from "jsr:@clustaar/webhook";', // 17
          "", // 18
          "new Webhook({ timeout: -1 });", // 19: throws when run
          FENCE, // 20
          "",
        ].join("\n"),
      );
      try {
        const run = await new Promise<{ code: number; output: string }>((resolve) => {
          execFile(
            join(ROOT, "node_modules/.bin/deno"),
            ["run", "--allow-all", "scripts/readme/check.ts", readme],
            { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" }, timeout: 240_000 },
            (error, stdout, stderr) => {
              const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
              resolve({ code, output: `${stdout}${stderr}` });
            },
          );
        });
        assert.equal(run.code, 1, run.output);
        assert.match(run.output, /TS2322 \[ERROR\]: Type 'RouteInfo\[\]' is not assignable/);
        assert.match(run.output, /README\.md:12:7/);
        assert.match(run.output, /FAILED: the TypeScript blocks of .*README\.md do not type-check/);
        assert.match(run.output, /RangeError: Cannot create the webhook: timeout must be/);
        assert.match(run.output, /FAILED: the block at .*README\.md:16 does not run under Bun/);
        assert.match(run.output, /FAILED: the block at .*README\.md:16 does not run under Deno/);
        assert.match(run.output, /2 TypeScript files .* 2 run under Bun and Deno; .* 3 failed/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
