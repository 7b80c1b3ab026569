/**
 * Runs workerd from Deno's npm cache with the arguments given, forwarding SIGTERM and SIGINT
 * to it, and exits with its code. startWorkerd runs this instead of `npm:workerd`'s own
 * launcher, which runs the binary with `execFileSync` and leaves it running, orphaned and
 * holding the pipes, when it is itself stopped. A process may run Deno but not workerd (the
 * bench task's grants), and Deno.kill needs an unlisted --allow-run, so stopping workerd has
 * to happen in a process of its own, started with the permissions this one is given.
 *
 * @module
 */
import { WORKERD_VERSION, workerdBinary } from "./_workerd_binary.ts";

if (import.meta.main) {
  let binary = workerdBinary();
  if (binary === null) {
    // `deno cache` fetches the platform package that holds the binary.
    await new Deno.Command(Deno.execPath(), {
      args: ["cache", "--no-config", `npm:workerd@${WORKERD_VERSION}`],
      stdin: "null",
      stdout: "null",
    }).output();
    binary = workerdBinary();
  }
  if (binary === null) {
    console.error(`error: workerd not found; run: deno cache npm:workerd@${WORKERD_VERSION}`);
    Deno.exit(2);
  }
  const child = new Deno.Command(binary, { args: Deno.args, stdin: "null" }).spawn();
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    Deno.addSignalListener(signal, () => {
      try {
        child.kill(signal);
      } catch { /* already gone */ }
    });
  }
  const status = await child.status;
  Deno.exit(status.code);
}
