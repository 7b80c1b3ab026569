/**
 * mod.ts importable by URL: the repository is served over http on 127.0.0.1 and a script in
 * an empty folder (no deno.json, no import map, no checkout) imports mod.ts from that URL,
 * simulates retinal waves and runs a model on them with the WASM backend (tfjs's .wasm files
 * must resolve from the npm package).
 */
import assert from "node:assert/strict";
import { serveDirectory } from "./_static.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

const SCRIPT = (base: string) => `
const mod = await import("${base}/mod.ts");
// Wave simulation and models come from mod.ts once exported there; until then from their
// own modules, still by URL.
const waves = mod.simulateTeh ? mod : await import("${base}/src/stimuli/waves/teh.ts");
const models = mod.buildFramePredictor ? mod : await import("${base}/src/models/mod.ts");
const backend = await mod.useBackend("wasm");
const movie = waves.simulateTeh({ size: 16, frames: 12, seed: 5 });
const active = movie.data.reduce((n, v) => n + v, 0);
const model = models.buildFramePredictor({ cell: "rnn", channels: 4, kernel: 3, size: 16, frames: 4, layers: 1 }, 1);
const { tf } = await import("${base}/src/backend/tf.ts");
const x = tf.tensor(Float32Array.from(movie.data.subarray(0, 4 * 256)), [1, 4, 16, 16, 1]);
const y = model.predict(x);
const out = await y.data();
console.log(JSON.stringify({
  backend,
  tfBackend: tf.getBackend(),
  active,
  outShape: y.shape,
  finite: out.every(Number.isFinite),
  fromMod: { waves: Boolean(mod.simulateTeh), models: Boolean(mod.buildFramePredictor) },
}));
`;

Deno.test("mod.ts imports over http with no checkout: waves + model on WASM", async () => {
  const files = serveDirectory(ROOT);
  const dir = await Deno.makeTempDir({ prefix: "remote-import-" });
  try {
    await Deno.writeTextFile(`${dir}/script.js`, SCRIPT(files.url));
    const host = files.url.replace("http://", "");
    const run = (extra: string[]) =>
      new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "--no-config",
          "--no-lock",
          "--reload=" + files.url,
          `--allow-import=${host}`,
          `--allow-net=${host}`,
          "--allow-read",
          "--allow-env",
          "--allow-sys",
          ...extra,
          "script.js",
        ],
        cwd: dir,
        stdout: "piped",
        stderr: "piped",
        env: { NO_COLOR: "1" },
      }).output();
    // No import map: every module reachable from mod.ts must use full specifiers.
    const out = await run([]);
    const stderr = new TextDecoder().decode(out.stderr);
    const stdout = new TextDecoder().decode(out.stdout).trim();
    assert.equal(out.code, 0, `script failed:\n${stderr.slice(-2000)}`);
    const result = JSON.parse(stdout.split("\n").pop()!);
    assert.equal(result.backend, "wasm");
    assert.equal(result.tfBackend, "wasm");
    assert.ok(result.active > 0, "waves produced no active cells");
    assert.deepEqual(result.outShape, [1, 16, 16, 1]);
    assert.equal(result.finite, true);
    assert.ok(files.hits.includes("/mod.ts"));
  } finally {
    await files.close();
    await Deno.remove(dir, { recursive: true });
  }
});
