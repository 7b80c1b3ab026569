/** The request/response conversions of the predict routes: nested inputs and flat JSON outputs. */
import assert from "node:assert/strict";
import { floatsJson } from "../../src/serve/predict/_json.ts";
import { flattenNested, nestedShape, toNested } from "../../src/serve/predict/_tensor.ts";
import { ApiError } from "../../src/serve/errors/mod.ts";

Deno.test("floatsJson writes what JSON.stringify writes, NaN and Infinity as null", () => {
  const values = Float32Array.from([0.1, -0, 1e-45, 3.4e38, -2.5, 1 / 3, NaN, Infinity, -Infinity]);
  assert.equal(floatsJson(values), JSON.stringify(Array.from(values)));
  assert.deepEqual(JSON.parse(floatsJson(values)).slice(6), [null, null, null]);
  const finite = new Float32Array(1000).map((_, i) => Math.sin(i) * 10 ** ((i % 40) - 20));
  assert.equal(floatsJson(finite), JSON.stringify(Array.from(finite)));
  assert.equal(floatsJson(new Float32Array(0)), "[]");
});

function refused(value: unknown): ApiError {
  try {
    flattenNested(value, nestedShape(value));
  } catch (error) {
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 400);
    return error;
  }
  assert.fail("accepted");
}

Deno.test("flattenNested: C order, and every kind of bad leaf or raggedness refused", () => {
  const x = [[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]];
  assert.deepEqual(Array.from(flattenNested(x, [2, 2, 3])), x.flat(2));
  assert.deepEqual(toNested(flattenNested(x, [2, 2, 3]), [2, 2, 3]), x);
  assert.match(refused([[1, 2], [3]]).message, /ragged: expected length 2 at depth 1/);
  assert.match(refused([[1, 2], 3]).message, /ragged/);
  assert.match(refused([[1, 2], [3, "4"]]).message, /only numbers, found string/);
  assert.match(refused([[1, 2], [3, null]]).message, /only numbers, found null/);
  assert.match(refused([[1, 2], [3, [4]]]).message, /found an array/);
  // JSON cannot carry NaN, but a caller in-process can.
  assert.match(refused([[1, 2], [3, NaN]]).message, /NaN or Infinity/);
});
