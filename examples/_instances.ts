// One webhook process per core, sharing one port: what examples/multicore.ts
// (under Bun) and examples/production.ts (under Deno and Bun) run.
//
// The primary process starts WORKERS copies of the running script (default:
// one per core) with CLUSTAAR_WORKER set, passes SIGINT and SIGTERM on to
// them and waits for them; each copy listens on the same port with
// SO_REUSEPORT (Linux), so that the kernel spreads connections between them,
// and shuts itself down gracefully. Under Deno, a copy runs with the
// primary's permissions (those granted as a whole: --allow-net, not
// --allow-net=host) and --unstable-net, which Deno.serve's reusePort needs.
import { spawn } from "node:child_process";
import process from "node:process";

// deno-lint-ignore no-explicit-any
const g = globalThis as any;

/** An environment variable, under Deno or Bun. */
export const env = (name: string): string | undefined =>
  g.Deno?.env.get(name) ?? g.process?.env[name];

/** Which instance answers: a short random id per process (or isolate). */
export const instance: string = crypto.randomUUID().slice(0, 8);

/** Whether this process is one of the copies the primary started. */
export function isWorker(): boolean {
  return env("CLUSTAAR_WORKER") !== undefined;
}

/** `fetch`, with an `x-instance` header naming the instance that answered. */
export function withInstanceHeader(
  fetch: (request: Request) => Promise<Response>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const response = await fetch(request);
    response.headers.set("x-instance", instance);
    return response;
  };
}

/** The Deno permissions of this process, as flags for a copy of it. */
function denoPermissionFlags(): string[] {
  const names = ["read", "write", "net", "env", "sys", "run", "ffi", "import"];
  return names.filter((name) => {
    try {
      return g.Deno.permissions.querySync({ name }).state === "granted";
    } catch {
      return false; // a permission this Deno does not know
    }
  }).map((name) => `--allow-${name}`);
}

/**
 * Starts the copies and waits until they have all exited; resolves to the
 * highest exit code. SIGINT and SIGTERM go on to every copy.
 */
export async function startInstances(): Promise<number> {
  const count = Number(env("WORKERS") ?? navigator.hardwareConcurrency ?? 1);
  const script = process.argv[1]!;
  const args = g.Deno ? ["run", ...denoPermissionFlags(), "--unstable-net", script] : [script];
  const workers = Array.from(
    { length: count },
    (_, index) =>
      spawn(process.execPath, args, {
        env: { ...process.env, CLUSTAAR_WORKER: String(index) },
        stdio: ["ignore", "inherit", "inherit"],
      }),
  );
  const forward = (signal: "SIGINT" | "SIGTERM") => () => {
    // process.kill, not worker.kill: under Deno, worker.kill() reports the exit as a kill.
    for (const worker of workers) if (worker.exitCode === null) process.kill(worker.pid!, signal);
  };
  const listeners = { SIGINT: forward("SIGINT"), SIGTERM: forward("SIGTERM") };
  for (const [signal, listener] of Object.entries(listeners)) process.on(signal, listener);
  const codes = await Promise.all(workers.map((worker) =>
    new Promise<number>((resolve) => {
      if (worker.exitCode !== null) resolve(worker.exitCode);
      else worker.once("exit", (code) => resolve(code ?? 1));
    })
  ));
  for (const [signal, listener] of Object.entries(listeners)) process.off(signal, listener);
  return Math.max(0, ...codes);
}
