// The playground's page ships as strings in src/cli/playground/_assets.ts,
// generated from src/cli/playground/page/ by scripts/build_playground.ts: the
// package is published from its .ts files, and a module run from jsr: cannot
// read files next to it. This fails when the generated module is stale.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { APP_JS, INDEX_HTML, STYLE_CSS } from "../src/cli/playground/_assets.ts";
import { ROOT } from "./_helpers.ts";

test(
  "src/cli/playground/_assets.ts is what scripts/build_playground.ts builds from the page's sources",
  {
    timeout: 60_000,
  },
  async () => {
    const result = await new Promise<{ status: number; out: string }>((resolve) => {
      execFile(
        join(ROOT, "node_modules/.bin/bun"),
        ["run", "scripts/build_playground.ts", "--check"],
        { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" } },
        (error, stdout, stderr) =>
          resolve({ status: error ? Number(error.code ?? 1) : 0, out: `${stdout}${stderr}` }),
      );
    });
    assert.equal(result.status, 0, result.out);
    assert.match(result.out, /is up to date/);
  },
);

test("the page's assets refer to nothing outside the playground: no CDN, no external font, no inline script", () => {
  for (const [name, text] of [["index.html", INDEX_HTML], ["style.css", STYLE_CSS]] as const) {
    assert.doesNotMatch(text, /(src|href)=["']?(https?:)?\/\//, name);
    assert.doesNotMatch(text, /@import|@font-face|url\(/, name);
  }
  assert.doesNotMatch(
    INDEX_HTML,
    /<script>|<script [^>]*>[^<]/,
    "only the module script, no inline one",
  );
  assert.doesNotMatch(
    APP_JS,
    /\binnerHTML\b|\bouterHTML\b|insertAdjacentHTML|document\.write|\beval\(/,
  );
  assert.doesNotMatch(
    APP_JS,
    /\bimport\(|from\s*["']https?:/,
    "the script is one self-contained module",
  );
});
