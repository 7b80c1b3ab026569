/**
 * What `deno task test` and `deno task test:slow` grant the suite, instead of an unscoped
 * `--allow-run` / `--allow-write`: run the programs the tests start, write the temp folder and
 * the playground's build folder. The task line asks this script for each list:
 * `deno run --allow-env --allow-read tests/permissions/test_grants.ts run|write` prints it
 * comma-separated. Programs not installed are left out (Deno would print a line for each), and
 * the tests that need them skip, as on any machine without them (tests/_tools.ts).
 *
 * Deno 2.9.6 grants three things the suite used only unscoped, so the tests do them through
 * listed programs: `Deno.kill` of another process needs an unscoped `--allow-run` (a child's own
 * `.kill()` does not, and a process group is signalled with `kill`), `Deno.symlink` needs
 * unscoped `--allow-read` and `--allow-write` (links are planted with `ln -s`), and a Unix
 * socket needs `--allow-net=unix:<path>` for its exact path (the net grant stays whole).
 *
 * @example
 * ```ts
 * import { testGrants } from "./test_grants.ts";
 * testGrants().write.length > 0; // true: at least the temp folder
 * ```
 *
 * @module
 */
import { tmpdir } from "node:os";
import { workerdBinary } from "../../src/edge/workerd.ts";

/** Programs the suite starts by name (Deno itself is added by path). */
export const TEST_PROGRAMS: readonly string[] = [
  "bash", // docs' curl examples, the experiment's shell scripts
  "ffmpeg", // movies
  "sbatch", // Slurm, where a cluster is up
  "sinfo",
  "squeue",
  "scancel",
  "kill", // a sweep's whole process group
  "ln", // symlinks that must not escape --models
  "cat", // /proc of workerd (its peak memory; that it stopped), which Deno reads only with -A
  "/usr/bin/chromium", // the playground's browser test (tests/_tools.ts CHROMIUM)
];

/** Folders of the repository the suite writes (the temp folder aside). */
export const TEST_WRITE_FOLDERS: readonly string[] = ["src/serve/playground/dist"];

function executable(path: string): boolean {
  try {
    const info = Deno.statSync(path);
    return info.isFile && ((info.mode ?? 0o111) & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** Where `program` is (itself when a path), or null when not installed. */
function resolveProgram(program: string): string | null {
  if (program.includes("/")) return executable(program) ? program : null;
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    if (dir && executable(`${dir}/${program}`)) return `${dir}/${program}`;
  }
  return null;
}

/** The lists the test tasks grant: programs (absolute paths) and folders. */
export function testGrants(): { run: string[]; write: string[] } {
  const root = new URL("../../", import.meta.url).pathname;
  const found = TEST_PROGRAMS.map(resolveProgram).filter((p): p is string => p !== null);
  const workerd = workerdBinary(); // the edge test's runtime, from Deno's npm cache
  if (workerd) found.push(workerd);
  return {
    run: [Deno.execPath(), ...new Set(found)],
    write: [tmpdir(), ...TEST_WRITE_FOLDERS.map((f) => `${root}${f}`)],
  };
}

if (import.meta.main) {
  const which = Deno.args[0];
  if (which !== "run" && which !== "write") {
    console.error("usage: test_grants.ts run|write");
    Deno.exit(2);
  }
  console.log(testGrants()[which].join(","));
}
