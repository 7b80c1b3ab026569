import assert from "node:assert/strict";
import { publishProblems } from "./check.ts";

const CLEAN = `Checking for slow types in the public API...
\x1b[0m\x1b[1m\x1b[32mSimulating publish\x1b[0m of @prevision/prevision@0.1.0 with files:
   file:///repo/mod.ts (4KB)
\x1b[0m\x1b[32mSuccess\x1b[0m Dry run complete
`;

const WARNED = `Checking for slow types in the public API...
\x1b[0m\x1b[1m\x1b[33mwarning[unanalyzable-dynamic-import]\x1b[0m: unable to analyze dynamic import
   --> /repo/src/experiment/load.ts:76:27
Success Dry run complete
`;

Deno.test("publish check: a clean dry run has no problem", () => {
  assert.deepEqual(publishProblems(CLEAN), []);
});

Deno.test("publish check: a warning is a problem although the dry run completed", () => {
  assert.deepEqual(publishProblems(WARNED), [
    "warning[unanalyzable-dynamic-import]: unable to analyze dynamic import",
  ]);
});

Deno.test("publish check: a failed dry run is a problem", () => {
  const problems = publishProblems("error: Missing license field\n");
  assert.deepEqual(problems, [
    "error: Missing license field",
    "the report does not end in 'Dry run complete'",
  ]);
});
