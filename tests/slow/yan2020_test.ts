import assert from "node:assert/strict";
import { join } from "node:path";
import { runCliProcess } from "../_cli.ts";
import type { RunSummary } from "../../src/experiment/contract.ts";
import { writeNpy } from "../../src/io/npy.ts";
import { binaryCheckerboard } from "../../src/stimuli/white_noise.ts";
import { createRgc, simulateRgc } from "../../src/biology/rgc/mod.ts";

Deno.test("yan2020: a small quick run reports every headline field", async () => {
  const out = await Deno.makeTempDir();
  const { code, stderr } = await runCliProcess([
    "train",
    "yan2020",
    "--quick",
    "--json",
    "--frames",
    "3000",
    "--epochs",
    "2",
    "--cells",
    "quadrants-off,bars-on",
    "--no-separable",
    "--no-spikes",
    "--out",
    out,
  ]);
  assert.equal(code, 0, stderr);
  const summary = JSON.parse(await Deno.readTextFile(join(out, "summary.json"))) as RunSummary;
  for (const model of ["cnn", "ln", "sta"]) {
    assert.equal(typeof summary.metrics[`quadrants-off/${model}`].correlation.mean, "number");
  }
  assert.equal(typeof summary.metrics["quadrants-off/cnn"].filterMatch.mean, "number");
  const transfer =
    (summary.extra as { transfer: { cells: { matrix: number[][] }; stimulus: unknown } })
      .transfer;
  assert.equal(transfer.cells.matrix.length, 2);
  assert.ok(transfer.stimulus, "white noise ↔ natural transfer is reported");
  await Deno.remove(out, { recursive: true });
});

Deno.test("yan2020: bad flags are one-line errors with exit code 2", async () => {
  const bad = await runCliProcess(["train", "yan2020", "--cells", "nope", "--json"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--cells: Invalid option/);
  const half = await runCliProcess(["train", "yan2020", "--stimulus", "x.npy"]);
  assert.equal(half.code, 2);
  assert.match(half.stderr, /--stimulus and --spike-times go together/);
});

Deno.test("yan2020: the recorded-data path fits a cell from NPY spike times", async () => {
  const dir = await Deno.makeTempDir();
  const movie = binaryCheckerboard({ frames: 3000, seed: 9 });
  const cell = createRgc({ nonlinearity: { kind: "threshold-linear", gain: 60, threshold: 2.5 } });
  const { spikes } = simulateRgc(cell, movie, { seed: 3 });
  const times: number[] = [];
  spikes.forEach((n, t) => {
    for (let i = 0; i < n; i++) times.push((t + 0.5) / 30);
  });
  await writeNpy(`${dir}/stim.npy`, movie.data, [3000, 8, 8]);
  await writeNpy(`${dir}/spikes.npy`, Float64Array.from(times), [times.length]);
  const { code, stderr } = await runCliProcess([
    "train",
    "yan2020",
    "--stimulus",
    `${dir}/stim.npy`,
    "--spike-times",
    `${dir}/spikes.npy`,
    "--frame-rate",
    "30",
    "--epochs",
    "2",
    "--out",
    `${dir}/run`,
    "--json",
  ]);
  assert.equal(code, 0, stderr);
  const summary = JSON.parse(
    await Deno.readTextFile(join(dir, "run", "summary.json")),
  ) as RunSummary;
  const recorded = (summary.extra as { recorded: { spikeCount: number } }).recorded;
  assert.equal(recorded.spikeCount, times.length);
  const r = summary.metrics["recorded/cnn"].correlation.mean;
  assert.ok(r > 0.2, `CNN r ${r}`);
  await Deno.remove(dir, { recursive: true });
});
