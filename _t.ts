import { useBackend } from "./src/backend/index.ts";
import { BioRnn } from "./src/models/bio_rnn.ts";
import { makeRegulariser } from "./src/models/bio_regularisers.ts";
import { trainBioRnn } from "./src/models/bio_train.ts";
import { gridDistances, orthogonal } from "./src/biology/connectome/index.ts";
import { TASKS } from "./src/tasks/index.ts";
await useBackend("cpu");
const n = 32;
for (const [lr, ep, lam] of [[0.01, 8, 0.001], [0.003, 8, 0.001], [0.01, 8, 0]]) {
  const net = new BioRnn({ n, inputs: 3, outputs: 2, recurrentInit: orthogonal(n, 2), seed: 4 });
  const reg = makeRegulariser({ kind: "wd", n, distance: gridDistances([4, 4, 2]), lambda: lam });
  const r = await trainBioRnn(net, reg, { task: TASKS.gonogo, dataSeed: 1, noiseSeed: 2, trainTrials: 512, testTrials: 256, batch: 64, epochs: ep, learningRate: lr });
  console.log(lr, ep, lam, r.testAccuracy, r.epochLoss.map((v) => v.toFixed(3)).join(" "));
}
