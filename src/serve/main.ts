/**
 * Starts the server on a port from flags/env, with graceful shutdown: on SIGINT/SIGTERM it
 * stops accepting connections, finishes in-flight requests and queued batches, then exits.
 * `deno task serve` reaches this through launch.ts, which grants the minimal permissions.
 */
import { errorMessage, InputError } from "../util/errors.ts";
import { log, warn } from "../util/log.ts";
import { createApp } from "./app.ts";
import { parseServeArgs, type ServeOptions } from "./options/mod.ts";
import { serveGuarded } from "./guard/mod.ts";

/** A folder for the guard's Unix socket: the launcher's (granted), else a temp folder. */
async function socketDir(): Promise<string | null> {
  try {
    const given = Deno.env.get("PREVISION_SOCKET_DIR");
    if (given) return given;
  } catch { /* no env permission: try a temp folder */ }
  try {
    return `${await Deno.makeTempDir({ prefix: "prevision-serve-" })}/sock`;
  } catch {
    return null;
  }
}

/** Deno.serve behind the slow-client guard when it is on and has a socket folder. */
async function listen(
  options: ServeOptions,
  where: { hostname: string; port: number },
  fetch: (request: Request) => Promise<Response>,
): Promise<{ shutdown(): Promise<void>; finished: Promise<void> }> {
  const onListen = ({ hostname, port }: Deno.NetAddr) =>
    log(`serve: listening on http://${hostname}:${port}/`);
  const dir = options.headerTimeoutMs > 0 ? await socketDir() : null;
  if (dir === null) {
    if (options.headerTimeoutMs > 0) {
      warn("serve: no folder for the slow-client guard; running without it");
    }
    return Deno.serve({ ...where, onListen }, fetch);
  }
  try {
    const server = await serveGuarded({
      ...where,
      socketDir: dir,
      headerTimeoutMs: options.headerTimeoutMs,
      idleTimeoutMs: options.idleTimeoutMs,
    }, fetch);
    onListen(server.addr);
    return server;
  } catch (error) {
    if (error instanceof Deno.errors.AddrInUse) throw error;
    warn(`serve: slow-client guard unavailable (${errorMessage(error)}); running without it`);
    return Deno.serve({ ...where, onListen }, fetch);
  }
}

/** Runs the server until a signal arrives. */
export async function runServer(argv: string[]): Promise<void> {
  let args;
  try {
    args = parseServeArgs(argv);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    console.error(`error: ${errorMessage(error)}`);
    Deno.exit(2);
  }
  if (argv.some((a) => a === "--token" || a.startsWith("--token="))) {
    warn("serve: --token is visible to other users in ps; prefer --token-file or PREVISION_TOKEN");
  }
  const served = createApp(args.options);
  const server = await listen(
    args.options,
    { port: args.port, hostname: args.hostname },
    served.fetch,
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`serve: ${signal}: finishing in-flight requests`);
    await server.shutdown();
    await served.drain();
    served.close();
    log("serve: stopped");
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGINT", () => stop("SIGINT"));
  Deno.addSignalListener("SIGTERM", () => stop("SIGTERM"));
  await served.ctx.ready;
  await server.finished;
}

if (import.meta.main) await runServer(Deno.args);
