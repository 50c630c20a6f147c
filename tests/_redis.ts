// A real Redis server for the tests: Debian's redis-server on a free loopback
// port, without persistence, started and stopped by the tests themselves.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./_process.ts";

export { freePort };

/** `false` when redis-server is installed, else why the Redis tests are skipped. */
export const redisSkip: string | false = (() => {
  try {
    if (spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0) return false;
  } catch {
    // not installed
  }
  return "redis-server is missing: run 'apt-get install redis-server' as root (scripts/test.sh " +
    "does it when it runs as root), then 'bash scripts/test.sh'";
})();

/** A running redis-server; `stop()` kills it, `start()` brings it back on the same port. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops it for good and removes its folder. */
  close(): Promise<void>;
}

/** Starts redis-server on a free loopback port and waits until it accepts connections. */
export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "clustaar-redis-"));
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const process = spawn("redis-server", [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        dir,
      ], { stdio: ["ignore", "pipe", "pipe"] });
      child = process;
      exited = new Promise((done) => process.once("exit", () => done()));
      let output = "";
      const timer = setTimeout(() => {
        process.kill("SIGKILL");
        reject(new Error(`redis-server did not start: ${output}`));
      }, 15_000);
      process.stdout!.on("data", (chunk: Uint8Array) => {
        output += new TextDecoder().decode(chunk);
        if (output.includes("Ready to accept connections")) {
          clearTimeout(timer);
          resolve();
        }
      });
      process.stderr!.on(
        "data",
        (chunk: Uint8Array) => (output += new TextDecoder().decode(chunk)),
      );
      process.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}: ${output}`));
      });
    });
  const stop = async () => {
    child?.kill("SIGKILL"); // as a crash or a lost machine: no goodbye to the clients
    await exited;
    child = undefined;
  };
  try {
    await start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
