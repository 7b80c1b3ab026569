/**
 * The study's measures on a session of the authors' released recordings (read by
 * `readZhongSession`): activity is put on the lap × position-bin grid the measures take
 * the way the authors do (`get_interpPos_spk`: frames where the VR moves, linear
 * interpolation of each neuron over cumulative position / corridor length, evaluated at
 * lap + bin / 60, extrapolated at the ends), then d′ over frames, the coding direction and
 * the first-200-trial lick rates are computed with the same functions as on model units.
 *
 * @module
 */
import { InputError } from "../../util/errors.ts";
import type { ZhongSession } from "../../io/zhong_recording.ts";
import {
  CORRIDOR_ZONES,
  corridorCodingDirection,
  frameDPrime,
  type LapResponses,
} from "../../analysis/neural/corridor.ts";
import { SESSION_SCORED_TRIALS, type SessionLicks, sessionLicks } from "./_behaviour.ts";

/** Position bins per lap (1 dm each, as the authors' `n_bins=60`). */
export const RECORDING_BINS = 60;
/** The authors' selectivity threshold on |d′|. */
export const SELECTIVE_DPRIME = 0.3;

/** The reward zone in position units, inclusive (`lickCount(def_range=[20, 40])`). */
const LICK_ZONE = { start: 20, end: 40 };

/** Linear interpolation of `y` at `x` (ascending `xs`), extrapolating as `interp1d`. */
function interpolator(xs: Float64Array): (x: number) => { i: number; w: number } {
  return (x: number) => {
    let lo = 0, hi = xs.length - 1;
    if (x <= xs[0]) hi = 1;
    else if (x >= xs[hi]) lo = hi - 1;
    else {
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (xs[mid] <= x) lo = mid;
        else hi = mid;
      }
    }
    const span = xs[hi] - xs[lo];
    return { i: lo, w: span > 0 ? (x - xs[lo]) / span : 0 };
  };
}

/**
 * Every lap of `s` on the lap × bin grid, grouped by corridor: one {@link LapResponses} per
 * corridor name, its laps in trial order.
 *
 * @example
 * ```ts
 * import { readZhongSession } from "@prevision/prevision/io";
 * try {
 *   const laps = sessionLapResponses(readZhongSession("/data/zhong2025", "TX108_2023_03_22_1"));
 *   console.log([...laps.keys()]);
 * } catch (e) {
 *   console.error((e as Error).message);
 * }
 * ```
 */
export function sessionLapResponses(s: ZhongSession): Map<string, LapResponses> {
  const used = Array.from({ length: s.frames }, (_, f) => f).filter((f) => s.frame.moving[f]);
  if (used.length < 2) throw new InputError(`${s.session}: fewer than 2 frames with the VR moving`);
  used.sort((a, b) => s.frame.cumulativePosition[a] - s.frame.cumulativePosition[b]);
  const xs = Float64Array.from(used, (f) => s.frame.cumulativePosition[f] / s.corridorLength);
  const at = interpolator(xs);
  const byWall = new Map<string, number[]>();
  s.wallName.forEach((w, t) => byWall.has(w) ? byWall.get(w)!.push(t) : byWall.set(w, [t]));
  const out = new Map<string, LapResponses>();
  for (const [wall, trials] of byWall) {
    // float32 like the recordings: a real session's laps × bins × neurons is large
    const data = new Float32Array(trials.length * RECORDING_BINS * s.neurons);
    trials.forEach((t, lap) => {
      for (let b = 0; b < RECORDING_BINS; b++) {
        const { i, w } = at(t + b / RECORDING_BINS);
        const f0 = used[i], f1 = used[i + 1], row = (lap * RECORDING_BINS + b) * s.neurons;
        for (let n = 0; n < s.neurons; n++) {
          const y0 = s.spks[n * s.frames + f0], y1 = s.spks[n * s.frames + f1];
          data[row + n] = y0 + w * (y1 - y0);
        }
      }
    });
    out.set(wall, { laps: trials.length, bins: RECORDING_BINS, units: s.neurons, data });
  }
  return out;
}

/**
 * The corridors a session's measures compare, as the authors' `get_cat_id`: the corridor of
 * the first rewarded trial and the first other corridor in sorted order (without rewards:
 * the first two corridors in sorted order).
 *
 * @example
 * ```ts
 * import { readZhongSession } from "@prevision/prevision/io";
 * try {
 *   console.log(defaultCorridors(readZhongSession("/data/zhong2025", "TX108_2023_03_22_1")));
 * } catch (e) {
 *   console.error((e as Error).message);
 * }
 * ```
 */
export function defaultCorridors(s: ZhongSession): [string, string] {
  const walls = [...new Set(s.wallName)].sort();
  const rewarded = s.wallName.find((_, t) => s.isRewarded[t]) ?? walls[0];
  const other = walls.find((w) => w !== rewarded);
  if (!other) throw new InputError(`${s.session}: only one corridor (${rewarded}) was shown`);
  return [rewarded, other];
}

/** The study's measures on one recorded session. */
export interface RecordingMeasures {
  /** Session key. */
  session: string;
  /** Corridor A (the rewarded one when there is one) and corridor B. */
  corridors: [string, string];
  /** Neurons and laps of A and B. */
  neurons: number;
  /** Laps of A and B. */
  laps: [number, number];
  /** d′ (A − B) of every neuron over lap × bin frames of the textured zone, all laps. */
  dPrime: Float64Array;
  /** Fraction of neurons with |d′| ≥ 0.3. */
  selectiveFraction: number;
  /** Coding direction fitted on the fitting laps: unit counts and mean held-out projections. */
  codingDirection: { positive: number; negative: number; heldOutA: number; heldOutB: number };
  /** Reward-zone lick rates on the first 200 trials (A: rewarded, B: unrewarded). */
  licks: SessionLicks;
}

const mean = (v: ArrayLike<number>) => Array.from(v).reduce((a, b) => a + b, 0) / v.length;

/**
 * Computes d′, the selective fraction, the coding direction and the lick rates of `s`.
 *
 * @example
 * ```ts
 * import { readZhongSession } from "@prevision/prevision/io";
 * try {
 *   const m = recordingMeasures(readZhongSession("/data/zhong2025", "TX108_2023_03_22_1"));
 *   console.log(m.selectiveFraction, m.licks.difference);
 * } catch (e) {
 *   console.error((e as Error).message);
 * }
 * ```
 */
export function recordingMeasures(
  s: ZhongSession,
  corridors: [string, string] = defaultCorridors(s),
): RecordingMeasures {
  const laps = sessionLapResponses(s);
  const [a, b] = corridors.map((c) => {
    const r = laps.get(c);
    if (!r) throw new InputError(`${s.session}: corridor '${c}' was not shown`);
    return r;
  });
  const dPrime = frameDPrime(a, b, { textured: CORRIDOR_ZONES.textured });
  const selective = dPrime.filter((d) => Math.abs(d) >= SELECTIVE_DPRIME).length;
  const cd = corridorCodingDirection(a, b, { session: [...laps.values()] });
  const zoneLick = s.wallName.map((_, t) =>
    Array.from(s.licks.trial).some((tr, i) =>
      tr === t && s.licks.position[i] >= LICK_ZONE.start && s.licks.position[i] <= LICK_ZONE.end
    )
  );
  const scored = s.wallName.map((_, t) => t).filter((t) =>
    t < SESSION_SCORED_TRIALS && corridors.includes(s.wallName[t])
  );
  const licks = sessionLicks(
    scored.map((t) => zoneLick[t]),
    scored.map((t) => s.wallName[t] === corridors[0]),
    SESSION_SCORED_TRIALS,
  )[0];
  return {
    session: s.session,
    corridors,
    neurons: s.neurons,
    laps: [a.laps, b.laps],
    dPrime,
    selectiveFraction: selective / s.neurons,
    codingDirection: {
      positive: cd.positive.length,
      negative: cd.negative.length,
      heldOutA: mean(cd.project(a, "heldOut")),
      heldOutB: mean(cd.project(b, "heldOut")),
    },
    licks,
  };
}
