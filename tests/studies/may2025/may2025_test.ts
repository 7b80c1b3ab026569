import assert from "node:assert/strict";
import { join } from "node:path";
import { runCliProcess } from "../../_cli.ts";
import { useBackend } from "../../../src/backend/select.ts";
import { setQuiet } from "../../../src/util/log.ts";
import { loadCheckpoint } from "../../../src/io/checkpoint.ts";
import { evaluate } from "../../../src/train/trainer.ts";
import { encodePng } from "../../../src/io/png.ts";
import { configFlags, configure } from "../../../src/studies/_kit/mod.ts";
import {
  conditionDir,
  dataConfig,
  experiment,
  foldData,
  type May2025UnitResult,
  targetMovie,
} from "../../../src/studies/may2025/mod.ts";

setQuiet(true);

const isGif = (bytes: Uint8Array) => new TextDecoder().decode(bytes.slice(0, 6)) === "GIF89a";

Deno.test("may2025 config: presets, flags with their old meanings, cross-field checks", () => {
  for (const preset of ["tiny", "quick", "standard", "full"] as const) {
    assert.deepEqual(
      experiment.schema.parse(experiment.presets[preset]),
      experiment.presets[preset],
    );
    assert.equal(experiment.presets[preset].preset, preset);
    experiment.validate!(experiment.presets[preset]);
  }
  const flags = Object.keys(configFlags(experiment.schema));
  for (
    const f of [
      "seeds",
      "folds",
      "cell",
      "channels",
      "size",
      "frames",
      "lr",
      "batch",
      "epochs",
      "pretrain-epochs",
      "clips",
      "pretrain-clips",
      "conditions",
      "natural",
      "rf",
    ]
  ) assert.ok(flags.includes(f), f);
  const c = configure(experiment, {
    tiny: true,
    seeds: "2",
    lr: "0.003",
    batch: "4",
    epochs: "3",
    clips: "40",
    channels: "8",
    conditions: "none,directional",
    rf: true,
  });
  assert.deepEqual(c.seeds, [1, 2]);
  assert.equal(c.learningRate, 0.003);
  assert.equal(c.batchSize, 4);
  assert.equal(c.epochs, 3);
  assert.equal(c.finetuneClips, 40);
  assert.equal(c.model.channels, 8);
  assert.deepEqual(c.conditions, ["none", "directional"]);
  assert.equal(c.rf, true);
  assert.equal(configure(experiment, {}).preset, "quick");
  assert.throws(
    () => configure(experiment, { tiny: true, conditions: "nope" }),
    /unknown condition 'nope'/,
  );
  assert.throws(
    () => configure(experiment, { tiny: true, conditions: "short4" }),
    /short4 needs --pretrain-epochs ≥ 4/,
  );
  assert.throws(
    () => configure(experiment, { tiny: true, epochs: "1" }),
    /budget condition needs --epochs > 1/,
  );
  assert.throws(() => configure(experiment, { natural: "/no/such.npy" }), /no such file/);
  assert.throws(() => configure(experiment, { tiny: true, seeds: "1" }), /at least 2 seeds/);
  assert.deepEqual(
    experiment.units(configure(experiment, { tiny: true, folds: "2", seeds: "2" })).map((u) =>
      u.key
    ),
    [
      "seed1-fold1",
      "seed2-fold1",
      "seed1-fold2",
      "seed2-fold2",
    ],
  );
});

Deno.test("may2025 units and report in process: logged losses equal the checkpoints', figures as bytes", async () => {
  await useBackend("wasm");
  const runDir = await Deno.makeTempDir();
  try {
    const config = configure(experiment, {
      tiny: true,
      seeds: "2",
      conditions: "directional,none",
    });
    const results = new Map<string, May2025UnitResult>();
    for (const unit of experiment.units(config)) {
      results.set(
        unit.key,
        await experiment.runUnit(config, unit.params, { runDir, key: unit.key, log: () => {} }),
      );
    }
    // The unit's test and validation losses, recomputed from the saved best model.
    const data = dataConfig(config);
    const { movie, frames } = await targetMovie(data);
    const fold = foldData(data, movie, frames, 0);
    const unit = results.get("seed2-fold1")!;
    for (const c of ["none", "directional"] as const) {
      const { model } = await loadCheckpoint(join(conditionDir(runDir, 2, 0, c), "best"));
      // the unit's test loss is the mean of per-sample losses (float32 sums in another order)
      const test = await evaluate(model, fold.test, config.batchSize);
      assert.ok(Math.abs(test - unit.conditions[c]!.test) <= 1e-5 * test, `${c}: ${test}`);
      assert.equal(unit.conditions[c]!.testSamples.length, fold.test.count);
      assert.equal(
        await evaluate(model, fold.validation, config.batchSize),
        unit.conditions[c]!.best,
        c,
      );
      model.dispose();
    }
    const report = await experiment.report(config, results, { runDir, missing: [], log: () => {} });
    for (const c of ["directional", "none"]) {
      for (const m of ["epoch0", "epoch1", "best", "test"]) {
        assert.ok(Number.isFinite(report.metrics[c][m].mean), `${c} ${m}`);
        assert.ok(Number.isFinite(report.metrics[c][m].sd), `${c} ${m} sd`);
        assert.equal(report.metrics[c][m].n, 2);
      }
    }
    const test = report.tests.find((t) =>
      t.a === "directional" && t.b === "none" && t.metric === "epoch0"
    );
    assert.ok(test && test.p > 0 && test.p <= 1 && test.pAdjusted >= test.p, JSON.stringify(test));
    assert.equal(test.correction, "bonferroni");
    assert.equal(test.method, "paired t");
    const details = report.extra!.testDetails as { pAdjustedHolm: number }[];
    assert.equal(details.length, report.tests.filter((t) => t.method === "paired t").length);
    assert.ok(report.tests.some((t) => t.method === "paired t over samples"), "the paper's test");
    assert.match(report.markdown, /Verdict per published claim/);
    assert.match(report.markdown, /copy the last input frame/);
    assert.match(
      report.markdown,
      /\| condition \| epoch 0 \| epoch 0, BN re-estimated \| epoch 1 \| best \| test \| n \|/,
    );
    assert.match(report.markdown, /p Bonferroni/);
    assert.match(report.markdown, /figures\/learning_curves\.svg/);
    assert.match(report.figures!["learning_curves.svg"] as string, /^<svg/);
    assert.ok(isGif(report.figures!["prediction_none.gif"] as Uint8Array));
  } finally {
    await Deno.remove(runDir, { recursive: true });
  }
});

Deno.test("may2025 --tiny: end to end through the CLI, the run folder's files", async () => {
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
    assert.equal((r.json as { experiment: string }).experiment, "may2025");
    const summary = JSON.parse(await Deno.readTextFile(`${out}/summary.json`));
    assert.equal(summary.experiment, "may2025");
    assert.equal(summary.preset, "tiny");
    assert.deepEqual(Object.keys(summary.metrics), [
      "directional",
      "undirectional",
      "none",
      "shuffled",
      "short1",
      "budget",
    ]);
    assert.ok(Number.isFinite(summary.metrics.none.test.mean));
    const report = await Deno.readTextFile(`${out}/report.md`);
    assert.match(
      report,
      /\| condition \| epoch 0 \| epoch 0, BN re-estimated \| epoch 1 \| best \| test \| n \|/,
    );
    await Deno.stat(`${out}/figures/learning_curves.svg`);
    assert.ok(isGif(await Deno.readFile(`${out}/figures/prediction_none.gif`)));
    await Deno.stat(`${out}/units/seed2-fold1.json`);
    await Deno.stat(`${out}/train/seed2-fold1/none/best/manifest.json`);
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
    const summary = JSON.parse(await Deno.readTextFile(`${root}/run/summary.json`));
    assert.ok(Number.isFinite(summary.metrics.none.test.mean));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
