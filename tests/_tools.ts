/**
 * The one place tests ask whether an external tool or data set is here. A test that needs one
 * spreads {@link requires} into its `Deno.test` definition: without the tool it is ignored
 * (the runner counts it) and its name says why, so a bare machine passes with every skip
 * explained.
 *
 * `PREVISION_BARE=1` makes every probe report its tool missing, so that a machine that has
 * the tools can run the suite as a bare one would (the first pass of .ci/run does).
 */

import { FASHION_MNIST_DIR as FASHION_MNIST } from "../src/io/idx.ts";
import { WORKERD_VERSION, workerdBinary } from "../src/edge/workerd.ts";

/** What a test may need beyond Deno and the repository. */
export type Requirement =
  | "ffmpeg"
  | "chromium"
  | "slurm"
  | "fashion-mnist"
  | "microns"
  | "workerd";

/** Debian's Chromium, which the playground's browser test drives through playwright-core. */
export const CHROMIUM = "/usr/bin/chromium";
/** The MICrONS connectome fields in ../shared/data beside the checkout. */
export const MICRONS = new URL("../../shared/data/microns/", import.meta.url).pathname;

/** True when `PREVISION_BARE=1` asks the tests to behave as on a machine without tools. */
export const BARE = (() => {
  try {
    return Deno.env.get("PREVISION_BARE") === "1";
  } catch {
    return false;
  }
})();

function succeeds(program: string, args: string[]): string | null {
  try {
    const out = new Deno.Command(program, { args, stdin: "null", stdout: "piped", stderr: "null" })
      .outputSync();
    return out.success ? new TextDecoder().decode(out.stdout).trim() : null;
  } catch (error) {
    // A program the test task does not grant is a mistake in its list
    // (tests/permissions/test_grants.ts), not a missing tool: say so rather than skip.
    if (error instanceof Deno.errors.NotCapable) throw error;
    return null;
  }
}

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}

/** Why `need` is missing on this machine (what to install), or null when it is here. */
function probe(need: Requirement): string | null {
  switch (need) {
    case "ffmpeg":
      return succeeds("ffmpeg", ["-version"]) !== null
        ? null
        : "ffmpeg not found (apt-get install ffmpeg)";
    case "chromium":
      return isFile(CHROMIUM) ? null : `${CHROMIUM} not found (apt-get install chromium)`;
    case "slurm": {
      if (succeeds("sbatch", ["--version"]) === null) {
        return "sbatch not found (run .ci/start-slurm as root for a single-node cluster)";
      }
      const states = succeeds("sinfo", ["-h", "-o", "%t"]);
      return states && /^(idle|mix|alloc)/m.test(states)
        ? null
        : `no usable Slurm node (sinfo: ${states || "failed"}; run .ci/start-slurm as root)`;
    }
    case "fashion-mnist":
      return isFile(`${FASHION_MNIST}/t10k-images-idx3-ubyte.gz`)
        ? null
        : `${FASHION_MNIST} not found (apt-get install dataset-fashion-mnist)`;
    case "microns":
      return isDirectory(`${MICRONS}6_6_2`) && isDirectory(`${MICRONS}4_7_8`)
        ? null
        : `${MICRONS} not found (the MICrONS fields in ../shared/data)`;
    case "workerd":
      return workerdBinary() !== null
        ? null
        : `workerd not in Deno's npm cache (deno cache npm:workerd@${WORKERD_VERSION})`;
  }
}

const probed = new Map<Requirement, string | null>();

/**
 * Why a test needing `need` cannot run here, or null when it can. Probes once per process.
 */
export function missing(need: Requirement): string | null {
  if (BARE) return `${need} hidden by PREVISION_BARE=1`;
  if (!probed.has(need)) probed.set(need, probe(need));
  return probed.get(need)!;
}

/**
 * The `name` and `ignore` of a `Deno.test` that needs `needs`: ignored when one is missing,
 * with the reason appended to the name so that the runner's output says why.
 */
export function requires(name: string, ...needs: Requirement[]): { name: string; ignore: boolean } {
  const reasons = needs.map(missing).filter((r): r is string => r !== null);
  return reasons.length === 0
    ? { name, ignore: false }
    : { name: `${name} (skipped: ${reasons.join("; ")})`, ignore: true };
}
