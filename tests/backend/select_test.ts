import assert from "node:assert/strict";
import { parseBackend, useBackend } from "../../src/backend/mod.ts";
import { tf } from "../../src/backend/tf.ts";
import { InputError } from "../../src/util/errors.ts";
import { setQuiet } from "../../src/util/log.ts";
import { runCliProcess } from "../_cli.ts";

setQuiet(true);

Deno.test("backend: parseBackend accepts the three names and auto, rejects others", () => {
  assert.equal(parseBackend("wasm"), "wasm");
  assert.equal(parseBackend("webgpu"), "webgpu");
  assert.equal(parseBackend("cpu"), "cpu");
  assert.equal(parseBackend(undefined), "auto");
  assert.throws(() => parseBackend("tpu"), InputError);
});

Deno.test("backend: explicit cpu and wasm are selected and compute", async () => {
  for (const name of ["cpu", "wasm"] as const) {
    assert.equal(await useBackend(name), name);
    assert.equal(tf.getBackend(), name);
    const y = tf.tidy(() => tf.sum(tf.mul(tf.range(0, 5), 2)));
    assert.equal((await y.data())[0], 20);
    y.dispose();
  }
});

Deno.test("info --json: auto selects wasm on a software GPU, --backend webgpu forces it", async () => {
  const auto = await runCliProcess(["info", "--json"]);
  assert.equal(auto.code, 0, auto.stderr);
  const report = auto.json as {
    backend: string;
    backends: { webgpu: { available: boolean; fallback: boolean }; wasm: { simd: boolean } };
  };
  assert.equal(typeof (auto.json as { version: unknown }).version, "string");
  assert.equal(report.backends.wasm.simd, true);
  if (report.backends.webgpu.available && !report.backends.webgpu.fallback) {
    assert.equal(report.backend, "webgpu"); // a real GPU: auto must take it
  } else {
    assert.equal(report.backend, "wasm");
  }
  if (report.backends.webgpu.available) {
    const forced = await runCliProcess(["info", "--json", "--backend", "webgpu"]);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal((forced.json as { backend: string }).backend, "webgpu");
  }
  const env = await runCliProcess(["info", "--json"], { env: { PREVISION_BACKEND: "cpu" } });
  assert.equal((env.json as { backend: string }).backend, "cpu");
});

Deno.test("cli: unknown flags, backends and commands exit 2 with one line", async () => {
  for (
    const args of [["info", "--bogus"], ["info", "--backend", "tpu"], ["nope"], ["train", "nope"]]
  ) {
    const r = await runCliProcess(args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    const lines = r.stderr.trim().split("\n").filter((l) => l.startsWith("error:"));
    assert.equal(lines.length, 1, r.stderr);
    assert.ok(!r.stderr.includes("    at "), "no stack trace");
  }
});
