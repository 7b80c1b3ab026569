import { spikeTriggeredAverage, fitStaModel } from "../../src/analysis/sta.ts";
import { pearson } from "../../src/analysis/metrics.ts";
import { differenceOfGammas, drawSpikes } from "../../src/biology/rgc/index.ts";
import { binaryCheckerboard } from "../../src/stimuli/white_noise.ts";
import { applyFilter } from "../../src/analysis/_lagged.ts";
const temporal = differenceOfGammas();
const filter = new Float64Array(20 * 64);
for (let k = 0; k < 20; k++) for (let y = 2; y < 6; y++) for (let x = 2; x < 6; x++) filter[k * 64 + y * 8 + x] = temporal[k];
for (const [N, a, b] of [[30000, 1, 0.4], [24000, 1, 0.5]]) {
  const movie = binaryCheckerboard({ frames: N, seed: 1 });
  const g = applyFilter(movie, filter, 20);
  const spikes = drawSpikes(g.map((v) => a * Math.exp(b * v)), "poisson", 2);
  const test = binaryCheckerboard({ frames: 2000, seed: 4 });
  const m = fitStaModel(movie, spikes, 20);
  console.log(N, a, b, spikes.reduce((x, y) => x + y), pearson(spikeTriggeredAverage(movie, spikes, 20), filter).toFixed(3), pearson(m.predict(test).slice(19), applyFilter(test, filter, 20).map((v) => a * Math.exp(b * v)).slice(19)).toFixed(3));
}
