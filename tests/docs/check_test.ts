import assert from "node:assert/strict";
import { checkDocs, entryPoints, ownDiagnostics, parseDocLint } from "./check.ts";

const ROOT = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");

const OWN_MISSING = `error[missing-jsdoc]: exported symbol is missing JSDoc documentation
  --> ${ROOT}/src/train/adam.ts:12:3
   |
12 |   learningRate: number;
   |   ^
`;

const NPM_MISSING = `error[missing-jsdoc]: exported symbol is missing JSDoc documentation
  --> /root/.cache/deno/npm/registry.npmjs.org/@tensorflow/tfjs-core/4.22.0/dist/base.d.ts:3:1
   |
 3 | export declare const x: number;
   | ^
`;

const privateRef = (declaration: string) =>
  `error[private-type-ref]: public type 'build' references private type 'T'
  --> ${ROOT}/src/models/frame_predictor.ts:93:1
   |
93 | export function build(): T {
   | ^
   = hint: make the referenced type public or remove the reference
   |
 7 | ${declaration}
   | - this is the referenced type
   |

  info: to ensure documentation is complete all types that are exposed in the public API must be public
`;

const NAMESPACE = `error[missing-jsdoc]: exported symbol is missing JSDoc documentation
  --> ${ROOT}/src/backend/tf.ts:15:8
   |
15 | export * as tf from "npm:@tensorflow/tfjs@4.22.0";
   |        ^
`;

Deno.test("parseDocLint splits a report into diagnostics", () => {
  const report = [OWN_MISSING, privateRef("type Hidden = number;"), "error: Found 2 errors."]
    .join("\n");
  const [a, b] = parseDocLint(report);
  assert.equal(a.code, "missing-jsdoc");
  assert.equal(a.file, `${ROOT}/src/train/adam.ts`);
  assert.equal(a.line, "learningRate: number;");
  assert.equal(a.referenced, null);
  assert.equal(b.code, "private-type-ref");
  assert.equal(b.referenced, "type Hidden = number;");
});

Deno.test("ownDiagnostics keeps our code's problems and drops the dependencies'", () => {
  const ours = "type Hidden = number;";
  const diagnostics = parseDocLint(
    [
      OWN_MISSING,
      NPM_MISSING,
      privateRef(ours),
      privateRef("export declare class LayersModel extends Container {"),
      NAMESPACE,
    ].join("\n"),
  );
  const left = ownDiagnostics(diagnostics, ROOT, new Set([ours]));
  assert.deepEqual(left.map((d) => [d.code, d.line]), [
    ["missing-jsdoc", "learningRate: number;"],
    ["private-type-ref", "export function build(): T {"],
  ]);
});

Deno.test("checkDocs refuses output that is not a lint report", async () => {
  await assert.rejects(
    () => checkDocs(ROOT, 'error: Module not found "file:///x.ts".\n'),
    /deno doc --lint failed: error: Module not found/,
  );
  assert.deepEqual(await checkDocs(ROOT, "error: Found 3 documentation lint errors.\n"), []);
});

Deno.test("deno task check:docs lints every entry point deno.json exports", async () => {
  const config = JSON.parse(await Deno.readTextFile(`${ROOT}/deno.json`));
  const task: string = config.tasks["check:docs"];
  const linted = task.slice(task.indexOf("deno doc --lint") + 15, task.indexOf("2>&1")).trim()
    .split(/\s+/);
  assert.deepEqual(linted.sort(), (await entryPoints(ROOT)).sort());
  assert.match(config.tasks.check, /deno task check:docs/);
});
