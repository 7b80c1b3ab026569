/**
 * How the executor starts a process that runs units: the Deno permissions it gets (the one
 * list local workers, Slurm array tasks and Kubernetes pods share) and its command line.
 *
 * @module
 */
import { V8_FLAGS } from "../backend/v8_flags.ts";

/**
 * Deno permissions of a process that runs units: those of `deno task train`. Writing stays
 * open because the run folder is wherever `--out` says; running subprocesses because units
 * may call tools such as `ffmpeg`.
 */
export const WORKER_PERMISSIONS: readonly string[] = [
  "--allow-read",
  "--allow-write",
  "--allow-env",
  "--allow-sys",
  "--allow-run",
  "--allow-net=127.0.0.1,localhost",
];

/** The command-line entry point of this checkout; workers need a local file. */
function localFile(relative: string): string {
  const url = new URL(relative, import.meta.url);
  if (url.protocol !== "file:") {
    throw new Error("worker processes need a local checkout (this module was loaded from a URL)");
  }
  return decodeURIComponent(url.pathname);
}

/**
 * argv (program first) of `cli.ts sweep <ref> --out <runDir> …extra`: the command every
 * worker, array task and aggregation job runs, with explicit permissions and this checkout's
 * deno.json, so that it works from any folder and on any node that mounts the checkout.
 * `ref` is a registered study name or an absolute path to a module exporting `experiment`.
 *
 * @example
 * ```ts
 * import { workerArgv } from "@prevision/prevision/experiment";
 * const argv = workerArgv("may2025", "/scratch/runs/may", ["--unit", "seed1-fold1"]);
 * argv.includes("--allow-write"); // true
 * ```
 */
export function workerArgv(
  ref: string,
  runDir: string,
  extra: string[],
  deno: string = Deno.execPath(),
): string[] {
  return [
    deno,
    "run",
    ...V8_FLAGS,
    ...WORKER_PERMISSIONS,
    "--config",
    localFile("../../deno.json"),
    localFile("../../cli.ts"),
    "sweep",
    ref,
    "--out",
    runDir,
    ...extra,
  ];
}

/**
 * Root of this checkout (where cli.ts lives), with a trailing slash.
 *
 * @example
 * ```ts
 * import { checkoutRoot } from "@prevision/prevision/experiment";
 * checkoutRoot(); // e.g. "/home/me/prevision/"
 * ```
 */
export function checkoutRoot(): string {
  return localFile("../../");
}
