// The slice of Bun's global that README blocks use, so that Deno can
// type-check a block written for both runtimes. Blocks marked
// "// Deno and Bun" also run under Bun itself (scripts/readme/check.ts).
declare const Bun: {
  serve(options: {
    fetch: (request: Request) => Response | Promise<Response>;
    port?: number;
    hostname?: string;
    reusePort?: boolean;
  }): { port: number; hostname: string; stop(closeActiveConnections?: boolean): Promise<void> };
};
