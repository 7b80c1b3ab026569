import assert from "node:assert/strict";
import { runCliProcess } from "../_cli.ts";

const ARGS = [
  "train",
  "may2025",
  "--tiny",
  "--seeds",
  "2",
  "--conditions",
  "none,shuffled",
  "--workers",
  "1",
  "--json",
];

async function sha(path: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await Deno.readFile(path));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

Deno.test("resume: a run killed mid-epoch and resumed ends with the weights of an uninterrupted run", async () => {
  const root = await Deno.makeTempDir();
  try {
    const whole = await runCliProcess([...ARGS, "--out", `${root}/whole`]);
    assert.equal(whole.code, 0, whole.stderr);
    // tiny fine-tuning: 3 steps per epoch, so step 5 is in the middle of epoch 2 of the
    // first condition trained after pre-training; SIGKILL, not a clean exit
    const killed = await runCliProcess([...ARGS, "--out", `${root}/cut`], {
      env: { PREVISION_TEST_KILL_AT_STEP: `5:${root}/killed` },
    });
    assert.notEqual(killed.code, 0, "the first run was killed");
    assert.equal(await Deno.readTextFile(`${root}/killed`), "5");
    // `train --resume DIR` finds the study in the run's config.json.
    const resumed = await runCliProcess([
      "train",
      "--resume",
      `${root}/cut`,
      "--workers",
      "1",
      "--json",
    ], {
      env: { PREVISION_TEST_KILL_AT_STEP: `5:${root}/killed` },
    });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stderr, /resumed from epoch/);
    for (const unit of ["seed1-fold1", "seed2-fold1"]) {
      for (const c of ["none", "shuffled"]) {
        for (const which of ["best", "last"]) {
          const a = await sha(`${root}/whole/train/${unit}/${c}/${which}/weights.bin`);
          const b = await sha(`${root}/cut/train/${unit}/${c}/${which}/weights.bin`);
          assert.equal(b, a, `${unit} ${c} ${which}`);
        }
      }
      const ua = JSON.parse(await Deno.readTextFile(`${root}/whole/units/${unit}.json`));
      const ub = JSON.parse(await Deno.readTextFile(`${root}/cut/units/${unit}.json`));
      for (const c of ["none", "shuffled"]) {
        assert.deepEqual(ub.conditions[c].val, ua.conditions[c].val);
        assert.equal(ub.conditions[c].test, ua.conditions[c].test);
      }
    }
    assert.deepEqual(resumed.json?.metrics, whole.json?.metrics);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
