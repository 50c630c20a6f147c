// Time to import mod.ts in a fresh process, as a serverless cold start pays it.
//   deno run --allow-read bench/import_time.ts      bun bench/import_time.ts
// Prints one line: "IMPORT ms=<milliseconds>". bench/load.sh runs it several
// times (one process each) and reports the median.
const start = performance.now();
await import("../mod.ts");
console.log(`IMPORT ms=${(performance.now() - start).toFixed(2)}`);
