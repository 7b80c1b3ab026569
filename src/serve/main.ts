/**
 * Starts the server on a port from flags/env, with graceful shutdown: on SIGINT/SIGTERM it
 * stops accepting connections, finishes in-flight requests and queued batches, then exits.
 * `deno task serve` reaches this through launch.ts, which grants the minimal permissions.
 */
import { errorMessage, InputError } from "../util/errors.ts";
import { log } from "../util/log.ts";
import { createApp } from "./app.ts";
import { parseServeArgs } from "./options/mod.ts";

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
  const served = createApp(args.options);
  const server = Deno.serve({
    port: args.port,
    hostname: args.hostname,
    onListen: ({ hostname, port }) => log(`serve: listening on http://${hostname}:${port}/`),
  }, served.fetch);
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
