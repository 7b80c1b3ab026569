/**
 * How the executor starts a process that runs units: the Deno permissions it gets (the one
 * list local workers, Slurm array tasks and Kubernetes pods share) and its command line.
 *
 * @module
 */
import { resolve } from "node:path";
import { V8_FLAGS } from "../backend/v8_flags.ts";
import { onPath } from "../cli/launch.ts";

/**
 * Deno permissions of a process that runs units of the run in `runDir`: those `deno task
 * train` gives the leader — writing only the run folder, running only `deno` (the path a
 * worker uses for Deno) and `ffmpeg` (which units may call for movies; where it is on PATH).
 *
 * @example
 * ```ts
 * import { workerPermissions } from "@prevision/prevision/experiment";
 * workerPermissions("/scratch/runs/may", "/usr/bin/deno");
 * // ["--allow-read", "--allow-write=/scratch/runs/may", …, "--allow-run=/usr/bin/deno,ffmpeg", …]
 * ```
 */
export function workerPermissions(runDir: string, deno: string): string[] {
  return [
    "--allow-read",
    `--allow-write=${resolve(runDir)}`,
    "--allow-env",
    "--allow-sys",
    `--allow-run=${[deno, ...(onPath("ffmpeg") ? ["ffmpeg"] : [])].join(",")}`,
    "--allow-net=127.0.0.1,localhost",
  ];
}

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
 * argv.includes("--allow-write=/scratch/runs/may"); // true
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
    ...workerPermissions(runDir, deno),
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
