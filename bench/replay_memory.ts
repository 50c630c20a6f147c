// Bytes per entry of MemoryReplayStore, and whether memory falls back after a burst.
//
//   deno run --v8-flags=--expose-gc bench/replay_memory.ts
//   bun run bench/replay_memory.ts
//
// Adds ENTRIES (default 200,000) signatures as the webhook makes them (a
// `sha1=<40 hex>` string built per request), measures the heap used before
// and after (after a full garbage collection each time), lets the window pass
// and adds a trickle of requests, then measures again.
import { MemoryReplayStore } from "../mod.ts";

// deno-lint-ignore no-explicit-any
const g = globalThis as any;
const runtime = g.Bun ? `Bun ${g.Bun.version}` : `Deno ${g.Deno?.version?.deno}`;

function gc(): void {
  if (g.Bun) g.Bun.gc(true);
  else if (typeof g.gc === "function") g.gc();
  else throw new Error("Run Deno with --v8-flags=--expose-gc");
}

function heapUsed(): number {
  for (let i = 0; i < 3; i++) gc();
  if (g.Bun) {
    const { heapStats } = g.Bun.jsc ?? {};
    if (typeof heapStats === "function") return heapStats().heapSize;
  }
  return g.process?.memoryUsage?.().heapUsed ?? g.Deno.memoryUsage().heapUsed;
}

/** A signature id as the verifier builds it: a fresh string per request. */
function id(i: number): string {
  const tail = "f3a1c2b4d5e6f708192a3b4c5d6e7f8091a2";
  const hex = (i.toString(16).padStart(8, "0") + tail).slice(0, 40);
  return `sha1=${hex}`;
}

const env = (name: string): string | undefined => g.Deno?.env.get(name) ?? g.process?.env[name];
const entries = Number(env("ENTRIES") ?? 200_000);
let now = 1_700_000_000_000;
const store = new MemoryReplayStore({ now: () => now });
const before = heapUsed();
for (let i = 0; i < entries; i++) {
  // A burst of 100,000 requests a second, each remembered for a 10 s window
  // plus the default 10 s clock skew: all of them are held at the end.
  now += 0.01;
  store.add(id(i), Math.floor(now) + 20_001);
}
const after = heapUsed();
const held = store.size;
const perEntry = (after - before) / held;
// The window passes; a trickle of requests (one every 10 ms) follows.
now += 30_000;
const trickle = 1_000;
for (let i = 0; i < trickle; i++) {
  now += 10;
  store.add(id(entries + i), Math.floor(now) + 20_001);
}
const afterTrickle = heapUsed();
const size = store.size; // sweeps every expired entry
const settled = heapUsed();
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
console.log(
  `${runtime}: ${held} entries: ${mb(after - before)}, ${perEntry.toFixed(0)} bytes an entry; ` +
    `after the window and ${trickle} more adds: ${mb(afterTrickle - before)}; ` +
    `after reading size (${size} entries left): ${mb(settled - before)}`,
);
// The store must stay alive while measured: use it after the last measurement.
if (store.size !== size) throw new Error("the store changed");
