import { useBackend } from "../../src/backend/index.ts";
import { binaryCheckerboard } from "../../src/stimuli/white_noise.ts";
import { createRgc, rgcRate } from "../../src/biology/rgc/index.ts";
import { RgcCnn } from "../../src/models/rgc_cnn.ts";
import { fitRgcCnn } from "../../src/models/rgc_cnn_fit.ts";
import { filterAnalysis } from "../../src/train/experiments/_yan2020_unit.ts";
const [N, epochs, batch, lr, variant, ch, l1] = [Number(Deno.args[0]), Number(Deno.args[1]), Number(Deno.args[2]), Number(Deno.args[3]), Deno.args[4] as "paper", Number(Deno.args[5] ?? 8), Number(Deno.args[6] ?? 5.5e-4)];
await useBackend("wasm");
const cell = createRgc({ nonlinearity: { kind: "threshold-linear", gain: 60, threshold: 2.5 } });
const tr = binaryCheckerboard({ frames: N, seed: 1 });
const va = binaryCheckerboard({ frames: 2000, seed: 2 });
const model = new RgcCnn({ channels: ch, variant, seed: 1, l1Conv: l1 });
const t = performance.now();
const fit = await fitRgcCnn(model, { movie: tr, response: rgcRate(cell, tr).expected }, { movie: va, response: rgcRate(cell, va).expected }, {
  epochs, batch, learningRate: lr, patience: 100,
  onEpoch: (e, m) => { const fa = filterAnalysis(m.getWeights(), cell); console.log(e, "match", fa.score.toFixed(3), fa.matches.map((x) => x.correlation.toFixed(2)).join(" ")); },
  log: console.log,
});
console.log("best", fit.bestEpoch, fit.bestValidationCorrelation.toFixed(3), "wall", ((performance.now() - t) / 1000).toFixed(0));
