// Starts a server script as a real process and waits for the port it prints.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./_helpers.ts";

/** The runtimes the end-to-end tests run servers under. */
export const RUNTIMES = {
  deno: (
    script: string,
  ) => [
    join(ROOT, "node_modules/.bin/deno"),
    "run",
    "--allow-net",
    "--allow-env",
    "--allow-read",
    script,
  ],
  bun: (script: string) => [join(ROOT, "node_modules/.bin/bun"), "run", script],
} as const;

/** A server process and what it printed. */
export interface ServerProcess {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

/** Spawns `command` with `env` and resolves once it prints `http://host:port/`. */
export function startServer(
  command: readonly string[],
  env: Record<string, string> = {},
  timeoutMs = 20_000,
): Promise<ServerProcess> {
  const [program, ...args] = command;
  const child = spawn(program!, args, {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`Server did not start in time: ${text}`));
    }, timeoutMs);
    const onData = (chunk: Uint8Array) => {
      text += new TextDecoder().decode(chunk);
      const match = /http:\/\/[^:/\s]+:(\d+)\//.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve({ child, port: Number(match[1]), output: () => text, exited });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`Server exited with ${code} before listening: ${text}`));
    });
  });
}

/** The environment that turns every check of examples/server.ts on: Basic `bot` / `p:w`. */
export function secureExampleEnv(privateKey: string): Record<string, string> {
  return {
    PORT: "0",
    CLUSTAAR_PRIVATE_KEY: privateKey,
    CLUSTAAR_AUTH_USERNAME: "bot",
    CLUSTAAR_AUTH_PASSWORD: "p:w",
  };
}
