import assert from "node:assert/strict";
import { join } from "node:path";
import { encodePickledNpy, nd } from "../../io/_pickle_writer.ts";
import { runCliProcess } from "../../_cli.ts";
import { listZhongSessions, readZhongSession } from "../../../src/io/zhong_recording.ts";
import { readPickledNpy } from "../../../src/io/pickle.ts";
import {
  recordingMeasures,
  sessionLapResponses,
} from "../../../src/studies/zhong2025/_recording.ts";

const SESSION = "TX999_2024_01_01_1";
const TRIALS = 220; // more than the 200 scored trials: later trials must not count
const BINS = 60;
/** Offset of each neuron in leaf1 (A) over circle1 (B); both follow bin % 2 within a lap. */
const OFFSETS = [1, -1, 0.1, 0.2, -0.05, 0.16, 0.14, -0.16, 0, 0.3, -0.4, 0.05, 0, 0, 0, 0, 0, 0];
const NEURONS = OFFSETS.length;

/**
 * A session in the authors' layout: trials alternate leaf1 (rewarded, even) and circle1;
 * one imaging frame per position bin (moving), plus one stationary frame per trial whose
 * activity (1000) must be ignored. Textured response = offset (A only) + bin % 2, grey 0,
 * so d′ = 2 · offset / (0.5 + 0.5). Licks: rewarded trials with t % 4 = 0 lick at 25 (in the
 * zone: 50 % of rewarded trials), unrewarded trials with t % 10 = 1 at 30 (20 %), every
 * unrewarded trial at 50 (outside), every trial from 200 on at 30 (not scored).
 */
function writeSession(dir: string) {
  const frames: { trial: number; pos: number; move: boolean }[] = [];
  for (let t = 0; t < TRIALS; t++) {
    for (let b = 0; b < BINS; b++) frames.push({ trial: t, pos: t * BINS + b, move: true });
    frames.push({ trial: t, pos: t * BINS + BINS - 0.5, move: false });
  }
  const wall = (t: number) => (t % 2 === 0 ? "leaf1" : "circle1");
  const spks = new Float32Array(NEURONS * frames.length);
  frames.forEach((f, i) => {
    const b = Math.round(f.pos) - f.trial * BINS;
    for (let n = 0; n < NEURONS; n++) {
      const textured = b < 40 ? (wall(f.trial) === "leaf1" ? OFFSETS[n] : 0) + (b % 2) : 0;
      spks[n * frames.length + i] = f.move ? textured : 1000;
    }
  });
  const split = 11 * frames.length; // two imaging planes: 11 + 7 neurons
  const plane = (from: number, to: number) =>
    nd("f4", spks.subarray(from, to), [(to - from) / frames.length, frames.length]);
  const licks: [number, number][] = [];
  for (let t = 0; t < TRIALS; t++) {
    if (t % 2 === 0 && t % 4 === 0) licks.push([t, 25]);
    if (t % 2 === 1 && t % 10 === 1) licks.push([t, 30]);
    if (t % 2 === 1) licks.push([t, 50]);
    if (t >= 200) licks.push([t, 30]);
  }
  const trials = Array.from({ length: TRIALS }, (_, t) => t);
  const beh = {
    [SESSION]: {
      ntrials: TRIALS,
      WallName: nd("U", trials.map(wall)),
      UniqWalls: nd("U", ["circle1", "leaf1"]),
      stim_id: nd("i8", [0, 2]),
      isRew: nd("b1", trials.map((t) => Number(t % 2 === 0))),
      Corridor_Length: BINS,
      Reward_Mode: "Active after cue",
      LickPos: nd("f8", licks.map((l) => l[1])),
      LickTrind: nd("i8", licks.map((l) => l[0])),
      ft_trInd: nd("i8", frames.map((f) => f.trial)),
      ft_WallID: nd("U", frames.map((f) => wall(f.trial))),
      ft_PosCum: nd("f8", frames.map((f) => f.pos)),
      ft_move: nd("f8", frames.map((f) => (f.move ? 1 : 0))),
      ft_CorrSpc: nd("b1", frames.map((f) => Number(f.pos - f.trial * BINS < 40))),
      ft_GraySpc: nd("b1", frames.map((f) => Number(f.pos - f.trial * BINS >= 40))),
    },
  };
  Deno.mkdirSync(join(dir, "spk"));
  Deno.mkdirSync(join(dir, "beh"));
  Deno.writeFileSync(
    join(dir, "spk", `${SESSION}_neural_data.npy`),
    encodePickledNpy({ spks: [plane(0, split), plane(split, spks.length)] }),
  );
  Deno.writeFileSync(join(dir, "beh", "Beh_test.npy"), encodePickledNpy(beh));
}

Deno.test("zhong2025 recording: a session in the authors' format is read back", async () => {
  const dir = await Deno.makeTempDir({ prefix: "zhong-rec-" });
  writeSession(dir);
  assert.deepEqual(listZhongSessions(dir), [SESSION]);
  const s = readZhongSession(dir, SESSION);
  assert.equal(s.neurons, NEURONS);
  assert.equal(s.frames, TRIALS * (BINS + 1));
  assert.equal(s.trials, TRIALS);
  assert.deepEqual(s.uniqueWalls, ["circle1", "leaf1"]);
  assert.deepEqual(s.stimId, [0, 2]);
  assert.equal(s.isRewarded.filter(Boolean).length, TRIALS / 2);
  assert.equal(s.frame.moving.filter((m) => !m).length, TRIALS);
  // neuron 11 is the first of the second plane: offset 0.05 in leaf1, bin 3 → 1.05
  assert.ok(Math.abs(s.spks[11 * s.frames + 3] - 1.05) < 1e-6);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("zhong2025 recording: lap × bin activity skips stationary frames", async () => {
  const dir = await Deno.makeTempDir({ prefix: "zhong-rec-" });
  writeSession(dir);
  const laps = sessionLapResponses(readZhongSession(dir, SESSION));
  const a = laps.get("leaf1")!, b = laps.get("circle1")!;
  assert.equal(a.laps, TRIALS / 2);
  assert.equal(b.laps, TRIALS / 2);
  const at = (r: typeof a, lap: number, bin: number, n: number) =>
    r.data[(lap * r.bins + bin) * r.units + n];
  assert.ok(Math.abs(at(a, 3, 7, 0) - 2) < 1e-9); // 1 + 7 % 2
  assert.ok(Math.abs(at(b, 3, 7, 0) - 1) < 1e-9);
  assert.ok(Math.abs(at(a, 5, 59, 0)) < 1e-9); // grey zone, not the stationary 1000
  await Deno.remove(dir, { recursive: true });
});

Deno.test("zhong2025 recording: d′, selective fraction, coding direction and licks", async () => {
  const dir = await Deno.makeTempDir({ prefix: "zhong-rec-" });
  writeSession(dir);
  const m = recordingMeasures(readZhongSession(dir, SESSION));
  assert.deepEqual(m.corridors, ["leaf1", "circle1"]);
  // activity is stored as float32, as in the released files: 1e-5 covers its rounding
  OFFSETS.forEach((o, n) => assert.ok(Math.abs(m.dPrime[n] - 2 * o) < 1e-5, `neuron ${n}`));
  const selective = OFFSETS.filter((o) => Math.abs(2 * o) >= 0.3 - 1e-12).length;
  assert.equal(selective, 7);
  assert.ok(Math.abs(m.selectiveFraction - selective / NEURONS) < 1e-12);
  // top and bottom 5 % of 18 corridor neurons: neuron 0 (d′ 2) and neuron 1 (d′ −2); activity
  // centred on grey (0) and scaled by 0.5: A laps give (1.5 − (−0.5)) / 0.5 = 4, B laps 0
  assert.deepEqual([m.codingDirection.positive, m.codingDirection.negative], [1, 1]);
  assert.ok(Math.abs(m.codingDirection.heldOutA - 4) < 1e-5);
  assert.ok(Math.abs(m.codingDirection.heldOutB) < 1e-5);
  assert.ok(Math.abs(m.licks.rewarded - 0.5) < 1e-12);
  assert.ok(Math.abs(m.licks.unrewarded - 0.2) < 1e-12);
  assert.ok(Math.abs(m.licks.difference - 0.3) < 1e-12);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("zhong2025 recording: other files and Python code are refused naming the file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "zhong-rec-" });
  assert.throws(() => listZhongSessions(dir), /no Beh_\*\.npy/);
  const evil = join(dir, "Beh_evil.npy");
  const bytes = encodePickledNpy({ x: 1 });
  const body = new TextEncoder().encode("numpy.core.multiarray\n_reconstruct\n");
  const at = bytes.findIndex((_, i) => body.every((c, j) => bytes[i + j] === c));
  bytes.set(new TextEncoder().encode("os\nsystem\n".padEnd(body.length, " ")), at);
  Deno.writeFileSync(evil, bytes);
  assert.throws(() => readPickledNpy(evil), (e: Error) => e.message.startsWith(evil));
  assert.throws(() => readPickledNpy(evil), /refusing Python global/);
  const plain = join(dir, "plain.npy");
  Deno.writeFileSync(plain, Uint8Array.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 0, 0]));
  assert.throws(() => readPickledNpy(plain), /plain\.npy: not a pickled-object NPY/);
  assert.throws(() => readZhongSession(dir, "nope"), /nope_neural_data\.npy not found/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("zhong2025 recording: `analyse zhong2025 <dir>` prints the measures, bad input exits 2", async () => {
  const dir = await Deno.makeTempDir({ prefix: "zhong-rec-" });
  writeSession(dir);
  const ok = await runCliProcess(["analyse", "zhong2025", dir, "--json"]);
  assert.equal(ok.code, 0, ok.stderr);
  const [s] = (ok.json as { sessions: { session: string; selectiveFraction: number }[] }).sessions;
  assert.equal(s.session, SESSION);
  assert.ok(Math.abs(s.selectiveFraction - 7 / NEURONS) < 1e-12);
  const bad = await runCliProcess(["analyse", "zhong2025", join(dir, "missing")]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /missing: no Beh_\*\.npy/);
  const wrong = await runCliProcess(["analyse", "zhong2025", dir, "--corridors", "leaf1,leaf9"]);
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /corridor 'leaf9' was not shown/);
  await Deno.remove(dir, { recursive: true });
});
