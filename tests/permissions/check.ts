/**
 * The permissions check (DESIGN.md: least privilege): no deno.json task may grant `-A`,
 * `--allow-all`, or an unrestricted `--allow-run` or `--allow-write` (one without a list of
 * binaries or folders). Run as `deno run --allow-read tests/permissions/check.ts [deno.json]`
 * (part of `deno task check`); it prints one line per offending task and exits with 1. No task is
 * exempt: the test tasks take their lists from tests/permissions/test_grants.ts.
 *
 * @example
 * ```ts
 * import { unrestricted } from "./check.ts";
 * unrestricted({ t: "deno run --allow-run x.ts" }); // ["t: --allow-run without a list"]
 * ```
 *
 * @module
 */

/** Flags that grant everything of their kind when given without `=list`. */
const LISTED = ["--allow-run", "--allow-write"];

/** One line per task that grants too much. */
export function unrestricted(tasks: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const [name, command] of Object.entries(tasks)) {
    for (const word of command.split(/\s+/)) {
      if (word === "-A" || word === "--allow-all" || /^-[a-zA-Z]*A[a-zA-Z]*$/.test(word)) {
        problems.push(`${name}: ${word} grants every permission`);
      }
      for (const flag of LISTED) {
        if (word === flag || word === `${flag}=` || word === `${flag}=""`) {
          problems.push(`${name}: ${flag} without a list`);
        }
      }
    }
  }
  return problems;
}

if (import.meta.main) {
  const path = Deno.args[0] ?? new URL("../../deno.json", import.meta.url).pathname;
  const config = JSON.parse(await Deno.readTextFile(path)) as { tasks?: Record<string, string> };
  const problems = unrestricted(config.tasks ?? {});
  for (const line of problems) console.error(`permissions: ${line}`);
  if (problems.length) Deno.exit(1);
  console.error(`permissions: ok (${Object.keys(config.tasks ?? {}).length} tasks)`);
}
