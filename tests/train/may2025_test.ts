import assert from "node:assert/strict";
import { runCliProcess } from "../_cli.ts";
import { useBackend } from "../../src/backend/index.ts";
import { setQuiet } from "../../src/util/log.ts";
import { loadCheckpoint } from "../../src/train/checkpoint.ts";
import { evaluate } from "../../src/train/trainer.ts";
import { foldData, targetMovie } from "../../src/train/experiments/_may2025_data.ts";
import { configureMay2025 } from "../../src/train/experiments/may2025.ts";
import { encodePng } from "../../src/io/png.ts";

setQuiet(true);

Deno.test("may2025 --tiny: end to end, report files, and logged losses equal the checkpoints'", async () => {
  const out = await Deno.makeTempDir();
  try {
    const r = await runCliProcess([
      "train",
      "may2025",
      "--tiny",
      "--seeds",
      "2",
      "--out",
      out,
      "--json",
      "--backend",
      "wasm",
    ]);
    assert.equal(r.code, 0, r.stderr);
    // deno-lint-ignore no-explicit-any
    const json = r.json as Record<string, any>;
    assert.equal(json.experiment, "may2025");
    assert.equal(json.out, out);
    assert.ok(json.seconds > 0);
    for (const c of ["directional", "undirectional", "none", "shuffled", "short1", "budget"]) {
      for (const m of ["epoch0", "epoch1", "best", "test"]) {
        assert.ok(Number.isFinite(json.conditions[c][m].mean), `${c} ${m}`);
        assert.ok(Number.isFinite(json.conditions[c][m].sd), `${c} ${m} sd`);
      }
    }
    const test = json.tests.find((t: { a: string; b: string; metric: string }) =>
      t.a === "directional" && t.b === "none" && t.metric === "epoch0"
    );
    assert.ok(test && test.p > 0 && test.p <= 1 && test.pAdjusted >= test.p, JSON.stringify(test));
    const report = await Deno.readTextFile(`${out}/report.md`);
    assert.match(report, /\| condition \| epoch 0 \| epoch 1 \| best \| test \| n \|/);
    assert.match(report, /p Bonferroni/);
    await Deno.stat(`${out}/learning_curves.svg`);
    const gif = await Deno.readFile(`${out}/gifs/none.gif`);
    assert.equal(new TextDecoder().decode(gif.slice(0, 6)), "GIF89a");
    JSON.parse(await Deno.readTextFile(`${out}/summary.json`));

    // The unit's logged test and validation losses, recomputed from the saved best model.
    await useBackend("wasm");
    const config = configureMay2025({ tiny: true, seeds: "2" });
    const unit = JSON.parse(await Deno.readTextFile(`${out}/units/seed2-fold1.json`));
    const dataCfg = {
      size: config.model.size,
      frames: config.model.frames,
      dataSeed: config.dataSeed,
      pretrainClips: config.pretrainClips,
      finetuneClips: config.finetuneClips,
      folds: config.folds,
      testFraction: config.testFraction,
      natural: null,
    };
    const { movie, frames } = await targetMovie(dataCfg);
    const data = foldData(dataCfg, movie, frames, 0);
    for (const c of ["none", "directional"]) {
      const { model } = await loadCheckpoint(`${out}/train/seed2-fold1/${c}/best`);
      assert.equal(await evaluate(model, data.test, config.batchSize), unit.conditions[c].test, c);
      assert.equal(
        await evaluate(model, data.validation, config.batchSize),
        unit.conditions[c].best,
        c,
      );
      model.dispose();
    }
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("may2025: bad flags are one-line input errors", async () => {
  const r = await runCliProcess(["train", "may2025", "--tiny", "--conditions", "nope"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown condition 'nope'/);
  const f = await runCliProcess(["train", "may2025", "--natural", "/no/such.npy"]);
  assert.equal(f.code, 2);
  assert.match(f.stderr, /no such file/);
});

Deno.test("may2025 --natural: fine-tunes on self-motion movies over a folder of images", async () => {
  const root = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${root}/images`);
    for (let k = 0; k < 2; k++) {
      const img = Float32Array.from(
        { length: 48 * 48 },
        (_, i) => (((i % 48) >> (2 + k)) + (i >> 8)) % 2,
      );
      await Deno.writeFile(`${root}/images/img${k}.png`, encodePng(img, 48, 48));
    }
    const r = await runCliProcess([
      "train",
      "may2025",
      "--tiny",
      "--seeds",
      "2",
      "--conditions",
      "none,directional",
      "--natural",
      `${root}/images`,
      "--out",
      `${root}/run`,
      "--json",
      "--workers",
      "1",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const report = await Deno.readTextFile(`${root}/run/report.md`);
    assert.match(report, /on a natural movie/);
    assert.ok(Number.isFinite(
      (r.json as { conditions: { none: { test: { mean: number } } } })
        .conditions.none.test.mean,
    ));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
