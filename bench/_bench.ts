/**
 * A tiny `Deno.bench` shim so that one bench file runs on both runtimes:
 * under `deno bench` it registers `Deno.bench` cases; under Bun
 * (`bun bench/x_bench.ts`) it times the same cases in a loop and prints a
 * table (average time per call, calls per second, and the ratio to the
 * group's baseline). Under Bun, `BENCH_FILTER=text` keeps the cases whose
 * name contains `text` (Deno: `deno bench --filter text`).
 *
 * @module
 */

/** Options of {@linkcode bench}, a subset of `Deno.bench`'s. */
export interface BenchOptions {
  /** Cases of a group are compared with its baseline. */
  group?: string;
  /** This case is its group's baseline. */
  baseline?: boolean;
}

interface Case {
  name: string;
  options: BenchOptions;
  fn: () => unknown;
}

// deno-lint-ignore no-explicit-any
const g = globalThis as any;
const cases: Case[] = [];

/**
 * Registers a benchmark case.
 *
 * @param name What is measured.
 * @param options Its group and whether it is the baseline.
 * @param fn The code timed; may return a promise.
 */
export function bench(name: string, options: BenchOptions, fn: () => unknown): void {
  if (g.Deno?.bench && !g.Bun) {
    // Deno.bench awaits only `async` functions: give it one when `fn` returns a promise.
    const probe = fn();
    const timed = probe instanceof Promise ? async () => await fn() : fn;
    if (probe instanceof Promise) probe.catch(() => {});
    g.Deno.bench(name, { group: options.group, baseline: options.baseline }, timed);
    return;
  }
  const filter = g.process?.env?.BENCH_FILTER as string | undefined;
  if (filter && !name.includes(filter)) return;
  if (cases.length === 0) setTimeout(runAll, 0); // once the bench file has registered all its cases
  cases.push({ name, options, fn });
}

/** Runs `fn` `n` times, awaiting it only when it returns a promise. */
async function loop(fn: () => unknown, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const result = fn();
    if (result instanceof Promise) await result;
  }
}

/** Nanoseconds per call: warm-up, then the best of several batches of about 50 ms. */
async function measure(fn: () => unknown): Promise<number> {
  let n = 1;
  const warmUntil = performance.now() + 150;
  while (performance.now() < warmUntil) {
    const start = performance.now();
    await loop(fn, n);
    if (performance.now() - start < 10) n *= 2;
  }
  const batch = Math.max(1, Math.round((n * 50) / Math.max(1e-3, await timeOf(fn, n))));
  const samples: number[] = [];
  for (let i = 0; i < 7; i++) samples.push((await timeOf(fn, batch)) / batch);
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]! * 1e6; // the median batch
}

async function timeOf(fn: () => unknown, n: number): Promise<number> {
  const start = performance.now();
  await loop(fn, n);
  return performance.now() - start;
}

function format(ns: number): string {
  if (ns < 1e3) return `${ns.toFixed(1)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${(ns / 1e6).toFixed(2)} ms`;
}

async function runAll(): Promise<void> {
  const runtime = g.Bun ? `bun ${g.Bun.version}` : "unknown runtime";
  console.log(`runtime: ${runtime}\n`);
  console.log(
    `${"benchmark".padEnd(80)} ${"time/iter".padStart(12)} ${"iter/s".padStart(12)}  vs baseline`,
  );
  let group: string | undefined;
  const baselines = new Map<string, number>();
  for (const c of cases) {
    if (c.options.group !== group) {
      group = c.options.group;
      console.log(`\ngroup ${group ?? "(none)"}`);
    }
    const ns = await measure(c.fn);
    const key = c.options.group ?? "";
    if (c.options.baseline) baselines.set(key, ns);
    const base = baselines.get(key);
    const relative = c.options.baseline ? "(baseline)" : base ? `${(ns / base).toFixed(2)}x` : "";
    console.log(
      `${c.name.padEnd(80)} ${format(ns).padStart(12)} ${
        Math.round(1e9 / ns).toLocaleString("en").padStart(12)
      }  ${relative}`,
    );
  }
}
