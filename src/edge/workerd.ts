/**
 * workerd, Cloudflare's open-source Workers runtime, from the npm package `workerd` (the
 * binary ships in the platform package `@cloudflare/workerd-<os>-<arch>`, which
 * `deno cache npm:workerd@1.20261117.1` fetches): find it, run a built bundle on a loopback
 * port, read the process's peak memory. Used by the edge test and `deno task bench serve
 * --target edge`.
 *
 * @module
 */

export { WORKERD_VERSION, workerdBinary } from "./_workerd_binary.ts";

/** A running workerd. */
export interface Workerd {
  /** `http://127.0.0.1:PORT`. */
  base: string;
  /** The workerd process's id (not the launcher's). */
  pid: number;
  /** Peak resident memory of the process so far, in MiB (Linux: VmHWM), or null. */
  peakRssMiB(): number | null;
  /** What it printed (stdout and stderr). */
  output(): string;
  /** Stops it and waits for it to exit. */
  stop(): Promise<void>;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** Reads a /proc file (through `cat` where Deno's read permission does not reach /proc). */
function procText(path: string): string | null {
  try {
    return Deno.readTextFileSync(path);
  } catch {
    try {
      const out = new Deno.Command("cat", { args: [path], stdout: "piped", stderr: "null" })
        .outputSync();
      return out.success ? new TextDecoder().decode(out.stdout) : null;
    } catch {
      return null;
    }
  }
}

/** The process named `workerd` at or below `pid` (the npm launcher runs it as a child). */
function workerdPid(pid: number, depth = 0): number | null {
  if (procText(`/proc/${pid}/comm`)?.trim() === "workerd") return pid;
  if (depth > 3) return null;
  for (const child of (procText(`/proc/${pid}/task/${pid}/children`) ?? "").split(/\s+/)) {
    if (!child) continue;
    const found = workerdPid(Number(child), depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/**
 * Starts `workerd serve config.capnp` in the bundle folder `dir` on a free loopback port and
 * waits until it answers `/health` with any status (the first request starts the worker, so
 * a 200 means the backend and the models are up; the caller checks). `binary` runs workerd
 * directly; without it, ./_workerd_launch.ts does (`deno task bench` may run Deno, not
 * workerd): it finds the binary in Deno's npm cache and passes our SIGTERM on, so that
 * `stop()` leaves no workerd behind (npm:workerd's own launcher would).
 *
 * @example
 * ```ts ignore
 * const w = await startWorkerd("dist/edge", workerdBinary());
 * console.log(await (await fetch(`${w.base}/health`)).json(), w.peakRssMiB());
 * await w.stop();
 * ```
 */
export async function startWorkerd(
  dir: string,
  binary: string | null = null,
  timeoutMs = 60_000,
): Promise<Workerd> {
  const port = freePort();
  const serve = ["serve", "config.capnp", "--socket-addr", `http=127.0.0.1:${port}`];
  const launcher = ["run", "--no-config", "--allow-read", "--allow-env", "--allow-run"];
  const script = new URL("./_workerd_launch.ts", import.meta.url).href;
  const child = new Deno.Command(binary ?? Deno.execPath(), {
    args: binary ? serve : [...launcher, script, ...serve],
    cwd: dir,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let text = "";
  const decoder = new TextDecoder();
  const drain = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream) text += decoder.decode(chunk, { stream: true });
  };
  const drained = Promise.all([drain(child.stdout), drain(child.stderr)]);
  const base = `http://127.0.0.1:${port}`;
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });
  const stop = async () => {
    if (!exited) child.kill("SIGTERM");
    await status;
    await drained;
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`workerd exited before answering:\n${text.slice(-2000)}`);
    try {
      const res = await fetch(`${base}/health`);
      await res.body?.cancel();
      break; // listening: the caller judges the answer
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`workerd did not listen within ${timeoutMs} ms:\n${text.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const pid = workerdPid(child.pid) ?? child.pid;
  return {
    base,
    pid,
    peakRssMiB: () => {
      const kb = /VmHWM:\s+(\d+) kB/.exec(procText(`/proc/${pid}/status`) ?? "");
      return kb ? Number(kb[1]) / 1024 : null;
    },
    output: () => text,
    stop,
  };
}
