// Runs one README JavaScript block (bundled for Node.js by check.ts) under
// Node.js, except that every node:http server it starts listens on a free
// port of 127.0.0.1 and is closed once the block has run:
//   node scripts/readme/run_block.node.mjs <bundle.mjs>
import { Server } from "node:http";
import process from "node:process";
import { pathToFileURL } from "node:url";

const servers = [];
const listen = Server.prototype.listen;
Server.prototype.listen = function (...args) {
  servers.push(this);
  const callback = args.find((arg) => typeof arg === "function");
  return listen.call(this, 0, "127.0.0.1", callback);
};

const file = process.argv[2];
// The block runs as a script given no arguments.
process.argv.splice(2);
try {
  await import(pathToFileURL(file).href);
} finally {
  await Promise.all(
    servers.map((server) => new Promise((resolve) => server.close(() => resolve()))),
  );
}
// A block that sets a failing exit code fails.
process.exit(process.exitCode ?? 0);
