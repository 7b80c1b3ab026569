/**
 * The package's entry points, used as a consumer would: a scratch project in an empty
 * folder maps `@prevision/prevision` and its subpaths to this checkout through an import map
 * built from deno.json's `exports` (plus the package's own dependencies, as a vendored copy
 * needs them), and its script imports nothing but those names. It
 *
 * (a) loads a checkpoint that `deno task train may2025 --tiny` wrote and predicts a clip;
 * (b) builds a tiny next-frame predictor and trains it for a few epochs;
 * (c) runs the tiny preset of a study from code: `configure`, then the executor
 *     (`createRun`, `runLocal`, `writeReport`).
 *
 * The script runs as its own `deno run` with explicit permissions: read, write to the
 * scratch folder only, env and sys (tfjs and the backend probe).
 */
import assert from "node:assert/strict";
import { join } from "node:path";

const ROOT = new URL("../../", import.meta.url);

/** A scratch deno.json mapping the package's names to this checkout. */
async function scratchConfig(): Promise<Record<string, unknown>> {
  const config = JSON.parse(await Deno.readTextFile(new URL("deno.json", ROOT)));
  const imports: Record<string, string> = { ...config.imports };
  for (const [subpath, file] of Object.entries(config.exports as Record<string, string>)) {
    const name = config.name + subpath.slice(1); // "." → the name, "./models" → name/models
    imports[name] = new URL(file, ROOT).href;
  }
  return { imports };
}

const SCRIPT = `
import { loadCheckpoint, tf, useBackend } from "@prevision/prevision";
import { buildFramePredictor } from "@prevision/prevision/models";
import { clipStarts, evaluate, fit, MovieClips } from "@prevision/prevision/train";
import { simulateTeh } from "@prevision/prevision/waves";
import { configure, createRun, runLocal, writeReport, yan2020 } from "@prevision/prevision/studies";

const [checkpoint, runDir] = Deno.args;
const backend = await useBackend("wasm");

// (a) a checkpoint from \`deno task train\`, predicting the frame after a clip of waves
const { model, manifest } = await loadCheckpoint(checkpoint);
const [, frames, size] = model.inputs[0].shape as number[];
const waves = simulateTeh({ size, frames, seed: 7 });
const clip = tf.tensor(Float32Array.from(waves.data), [1, frames, size, size, 1]);
const next = model.predict(clip) as tf.Tensor;
const predicted = Array.from(await next.data());

// (b) a tiny model trained from scratch
const movie = Float32Array.from(simulateTeh({ size: 16, frames: 100, seed: 1 }).data);
const train = new MovieClips(movie, 16, 16, 4, clipStarts(100, 4));
const tiny = buildFramePredictor(
  { cell: "rnn", channels: 4, kernel: 3, size: 16, frames: 4, layers: 1 },
  1,
);
const before = await evaluate(tiny, train, 10);
const options = { epochs: 3, batchSize: 4, learningRate: 1e-2, seed: 1 };
const fitted = await fit({ model: tiny, train, ...options });
const after = await evaluate(tiny, train, 10);

// (c) a study's tiny preset, run from code
const config = configure(yan2020, { tiny: true, seeds: "1" });
const run = await createRun(yan2020, "yan2020", config, runDir, backend);
const outcome = await runLocal(run, { workers: 1, attempts: 1, workerArgs: [] });
const summary = await writeReport(run, { seconds: 0, failed: outcome.failed });

console.log(JSON.stringify({
  backend,
  checkpoint: { name: manifest.name, shape: next.shape, predicted },
  training: { before, after, steps: fitted.steps, epochs: fitted.history.length - 1 },
  study: { units: run.units.length, ran: outcome.ran, failed: outcome.failed, summary },
}));
`;

/** The first `best/` checkpoint folder below `dir`. */
async function findBest(dir: string): Promise<string | null> {
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.isDirectory) continue;
    const path = join(dir, entry.name);
    if (entry.name === "best") return path;
    const found = await findBest(path);
    if (found) return found;
  }
  return null;
}

async function run(args: string[], cwd: string | URL): Promise<{ code: number; out: string }> {
  const result = await new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const out = new TextDecoder().decode(result.stdout);
  const err = new TextDecoder().decode(result.stderr);
  assert.equal(result.code, 0, `deno ${args.join(" ")} failed:\n${err.slice(-3000)}`);
  return { code: result.code, out };
}

Deno.test("the package's subpaths load a trained model, train one and run a study", async () => {
  const dir = await Deno.makeTempDir({ prefix: "prevision-subpaths-" });
  try {
    const trained = join(dir, "may2025");
    await run(["task", "train", "may2025", "--tiny", "--seeds", "2", "--out", trained], ROOT);
    const checkpoint = await findBest(join(trained, "train"));
    assert.ok(checkpoint, `no best/ checkpoint below ${trained}/train`);

    const project = join(dir, "consumer");
    await Deno.mkdir(project);
    await Deno.writeTextFile(join(project, "deno.json"), JSON.stringify(await scratchConfig()));
    await Deno.writeTextFile(join(project, "main.ts"), SCRIPT);
    const studyDir = join(project, "runs", "yan2020");
    const { out } = await run([
      "run",
      "--no-lock",
      "--allow-read",
      `--allow-write=${project}`,
      "--allow-env",
      "--allow-sys",
      "main.ts",
      checkpoint,
      studyDir,
    ], project);
    const result = JSON.parse(out.trim().split("\n").pop()!);

    assert.equal(result.backend, "wasm");
    const { shape, predicted, name } = result.checkpoint;
    assert.match(name, /^frame-predictor/);
    assert.equal(shape.length, 4);
    assert.equal(predicted.length, shape[1] * shape[2]);
    assert.ok(predicted.every((v: number) => v >= 0 && v <= 1), "prediction outside [0, 1]");

    assert.equal(result.training.epochs, 3);
    assert.ok(result.training.steps > 0);
    assert.ok(result.training.after < result.training.before, "training did not lower the loss");

    const { units, failed, summary } = result.study;
    assert.ok(units > 0);
    assert.deepEqual(failed, []);
    assert.equal(summary.experiment, "yan2020");
    assert.equal(summary.preset, "tiny");
    for (const file of ["config.json", "report.md", "summary.json", "units"]) {
      await Deno.stat(join(studyDir, file));
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
