/**
 * The kernel thread count from the CLI's point of view: `deno task info` reports it (and that
 * the kernels share tfjs's heap), and PREVISION_THREADS sets it or, when malformed, is a
 * one-line error with exit code 2.
 */
import assert from "node:assert/strict";
import { runCliProcess } from "../_cli.ts";

Deno.test("PREVISION_THREADS sets the kernel threads info reports", async () => {
  const r = await runCliProcess(["info", "--json", "--backend", "wasm"], {
    env: { PREVISION_THREADS: "1" },
  });
  assert.equal(r.code, 0, r.stderr);
  const wasm = (r.json?.backends as Record<string, Record<string, unknown>>).wasm;
  assert.equal(wasm.kernelThreads, 1);
  assert.equal(typeof wasm.fma, "boolean");
  assert.equal(wasm.sharedHeap, true, "our kernels should share tfjs's heap under Deno");
});

Deno.test("a malformed PREVISION_THREADS is a one-line error, exit 2", async () => {
  const r = await runCliProcess(["info", "--json", "--backend", "wasm"], {
    env: { PREVISION_THREADS: "two" },
  });
  assert.equal(r.code, 2, r.stderr);
  const lines = r.stderr.trim().split("\n").filter((l) => l.includes("PREVISION_THREADS"));
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], /positive integer/);
});
