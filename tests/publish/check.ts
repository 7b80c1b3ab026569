/**
 * The publishing check: `deno publish --dry-run` succeeds with no warning. The publisher exits
 * with 0 when it only warns (an unanalysable dynamic import, a slow type it can work around),
 * so this script reads its report on stdin and fails on every warning or error line, and when
 * the report does not end in "Dry run complete":
 *
 * ```sh
 * deno publish --dry-run --allow-dirty --no-check 2>&1 | deno run tests/publish/check.ts
 * ```
 *
 * (`deno task check` runs it; `--no-check` because the task type-checks the entry points
 * itself.) It needs no network: a dry run resolves the npm packages from Deno's cache.
 *
 * @example The problems in a report
 * ```ts
 * import { publishProblems } from "./check.ts";
 * publishProblems("warning[unanalyzable-dynamic-import]: unable to analyze dynamic import\n");
 * // ["warning[unanalyzable-dynamic-import]: unable to analyze dynamic import",
 * //  "the report does not end in 'Dry run complete'"]
 * ```
 *
 * @module
 */

/** The lines of a `deno publish --dry-run` report that are problems (empty: clean). */
export function publishProblems(report: string): string[] {
  // deno-lint-ignore no-control-regex -- the report may come coloured
  const lines = report.replace(/\x1b\[[0-9;]*m/g, "").split("\n").map((l) => l.trim());
  const problems = lines.filter((l) => /^(warning|error)\b/i.test(l));
  if (!lines.some((l) => /Dry run complete$/.test(l))) {
    problems.push("the report does not end in 'Dry run complete'");
  }
  return problems;
}

if (import.meta.main) {
  const report = await new Response(Deno.stdin.readable).text();
  const problems = publishProblems(report);
  if (problems.length > 0) {
    console.error(report.trimEnd().split("\n").filter((l) => !/^\s+file:/.test(l)).join("\n"));
    console.error(`\ndeno publish --dry-run: ${problems.length} problem(s)`);
    for (const p of problems) console.error(`  ${p}`);
    Deno.exit(1);
  }
}
