/**
 * A local worker's tie to its leader: the leader holds the write end of the worker's stdin and
 * never writes, so the pipe closes exactly when the leader is gone — also after SIGKILL, which
 * no signal handler sees. The worker then stops instead of running on under PID 1.
 */
import { log } from "../util/log.ts";

/** The variable the leader sets to tell a worker its stdin is the parent pipe. */
export const PARENT_PIPE_ENV = "PREVISION_PARENT_PIPE";

function watching(): boolean {
  try {
    return Deno.env.get(PARENT_PIPE_ENV) === "1";
  } catch {
    return false;
  }
}

/**
 * Exits (code 130) when stdin reaches its end, if the leader asked for it; returns the function
 * that stops watching once the unit is done, so the process can end normally.
 */
export function watchParent(): () => Promise<void> {
  if (!watching()) return () => Promise.resolve();
  const reader = Deno.stdin.readable.getReader();
  let done = false;
  (async () => {
    try {
      while (!(await reader.read()).done) { /* the leader never writes */ }
    } catch { /* a closed pipe reads as an error on some systems */ }
    if (done) return;
    log("worker: the leader has gone; stopping");
    Deno.exit(130);
  })();
  return async () => {
    done = true;
    await reader.cancel().catch(() => {});
  };
}
