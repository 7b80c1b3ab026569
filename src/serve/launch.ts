/**
 * `deno task serve [flags]`: validates the flags, works out the smallest permission set the
 * server needs (read: the model folder, the config, tfjs's .wasm files, the playground;
 * net: its own address and the hosts of model URLs; env: its own variables) and runs
 * main.ts under exactly those permissions, forwarding signals for a graceful shutdown.
 */
import { V8_FLAGS } from "../backend/v8_flags.ts";
import { parseServeArgs } from "./options/mod.ts";
import { errorMessage, InputError } from "../util/errors.ts";
import { guardSocketDir, permissionFlags } from "./_permissions.ts";
import { findCheckpoints } from "./sources/mod.ts";

async function main(): Promise<number> {
  let args;
  try {
    args = parseServeArgs(Deno.args);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    console.error(`error: ${errorMessage(error)}`);
    return 2;
  }
  if (Deno.args.includes("--help") || Deno.args.includes("-h")) {
    const { SERVE_FLAGS } = await import("./options/mod.ts");
    console.log("usage: deno task serve [flags]\n\nflags:");
    for (const [k, v] of Object.entries(SERVE_FLAGS)) {
      console.log(`  --${k}`.padEnd(20) + v.description);
    }
    return 0;
  }
  for (
    const [flag, path] of [["--models", args.options.models], ["--config", args.options.config]]
  ) {
    if (!path || /^https?:\/\//.test(path)) continue;
    try {
      await Deno.stat(path);
    } catch {
      console.error(`error: ${flag} ${path}: no such file or folder`);
      return 2;
    }
  }
  const models = args.options.models;
  if (models && !/^https?:\/\//.test(models)) {
    let found;
    try {
      found = await findCheckpoints(models);
    } catch (error) {
      console.error(`error: --models ${models}: cannot be read (${errorMessage(error)})`);
      return 2;
    }
    if (found.length === 0) {
      console.error(
        `error: --models ${models}: no checkpoint (a folder with manifest.json) at any depth below it`,
      );
      return 2;
    }
  }
  const deno = Deno.execPath();
  if (Deno.permissions.querySync({ name: "run", command: deno }).state !== "granted") {
    console.error(`error: the launcher runs the server with ${deno}: grant --allow-run=${deno}`);
    return 2;
  }
  const socketDir = guardSocketDir(args);
  const flags = await permissionFlags(args, socketDir);
  const main = new URL("./main.ts", import.meta.url).pathname;
  // The running Deno, not `deno` by name: it need not be on PATH (and the task allows just it).
  const child = new Deno.Command(deno, {
    args: ["run", ...V8_FLAGS, ...flags, main, ...Deno.args],
    env: socketDir ? { PREVISION_SOCKET_DIR: socketDir } : {},
    stdin: "null",
  }).spawn();
  const forward = (signal: Deno.Signal) => () => {
    try {
      child.kill(signal);
    } catch { /* already gone */ }
  };
  Deno.addSignalListener("SIGINT", forward("SIGINT"));
  Deno.addSignalListener("SIGTERM", forward("SIGTERM"));
  return (await child.status).code;
}

Deno.exit(await main());
