/**
 * Reads one imaging session in the format released with Zhong et al. 2025 (figshare; the
 * loaders are `load_spk` and `load_exp_beh` in MouseLand/zhong-et-al-2025 `utils.py`):
 *
 * - `<session>_neural_data.npy`: a pickled dict whose `spks` is a list of arrays
 *   (neurons × frames, one per imaging plane), concatenated over neurons;
 * - `Beh_<experiment>.npy`: a pickled dict of sessions (`<mouse>_<date>_<block>`), each a dict
 *   of which these fields are read: `ntrials`, `WallName` (corridor per trial), `UniqWalls`,
 *   `isRew` (rewarded trial), `Corridor_Length`, `LickPos` and `LickTrind` (position and trial
 *   of every lick), and the per-frame `ft_trInd`, `ft_WallID`, `ft_PosCum` (cumulative
 *   position), `ft_move`, `ft_CorrSpc` (textured zone), `ft_GraySpc` (grey zone).
 *   `stim_id` is read when present. Other fields are ignored.
 *
 * Files are looked up in `dir`, `dir/spk` and `dir/beh` (the authors' download layout).
 * Retinotopy (`*_trans.npz`) and interpolated activity files are not read.
 *
 * @module
 */
import { InputError } from "../util/errors.ts";
import { type PickledArray, readPickledNpy } from "./pickle.ts";

/** One session of the released recordings, as read by {@link readZhongSession}. */
export interface ZhongSession {
  /** The session key, `<mouse>_<date>_<block>`. */
  session: string;
  /** Neurons (all planes). */
  neurons: number;
  /** Imaging frames used (the shorter of the activity and the behaviour frame fields). */
  frames: number;
  /** Activity, neuron-major: `spks[neuron · frames + frame]`. */
  spks: Float32Array;
  /** Trials (laps). */
  trials: number;
  /** Corridor (wall) name of each trial. */
  wallName: string[];
  /** The distinct corridor names. */
  uniqueWalls: string[];
  /** The authors' stimulus ids of `uniqueWalls` (absent in some sessions). */
  stimId?: number[];
  /** Whether each trial was rewarded. */
  isRewarded: boolean[];
  /** Corridor length in position units (60: one unit per decimetre). */
  corridorLength: number;
  /** Position (corridor units) and trial of every lick. */
  licks: { position: Float64Array; trial: Float64Array };
  /** Per frame: trial, corridor name, cumulative position, running, textured / grey zone. */
  frame: {
    trial: Float64Array;
    wall: string[];
    cumulativePosition: Float64Array;
    moving: boolean[];
    textured: boolean[];
    grey: boolean[];
  };
}

function find(dir: string, names: string[]): string | undefined {
  for (const sub of ["", "/spk", "/beh"]) {
    for (const name of names) {
      const path = `${dir}${sub}/${name}`;
      try {
        if (Deno.statSync(path).isFile) return path;
      } catch { /* not here */ }
    }
  }
  return undefined;
}

function behaviourFiles(dir: string): string[] {
  const out: string[] = [];
  for (const sub of ["", "/beh"]) {
    try {
      for (const e of Deno.readDirSync(`${dir}${sub}`)) {
        if (e.isFile && /^Beh_.*\.npy$/.test(e.name)) out.push(`${dir}${sub}/${e.name}`);
      }
    } catch { /* no such folder */ }
  }
  return out.sort();
}

function asDict(v: unknown, where: string): Map<unknown, unknown> {
  if (!(v instanceof Map)) throw new InputError(`${where}: expected a pickled dict`);
  return v;
}

function field(d: Map<unknown, unknown>, key: string, where: string): unknown {
  if (!d.has(key)) throw new InputError(`${where}: field '${key}' missing`);
  return d.get(key);
}

function numbers(v: unknown, where: string): Float64Array {
  if (typeof v === "number" || typeof v === "boolean") return Float64Array.of(Number(v));
  const a = v as PickledArray;
  if (a?.kind === "ndarray" && a.values instanceof Float64Array) return a.values;
  if (a?.kind === "ndarray" && a.descr === "O") return Float64Array.from(a.values as number[]);
  throw new InputError(`${where}: expected a numeric array`);
}

function strings(v: unknown, where: string): string[] {
  const a = v as PickledArray;
  if (a?.kind === "ndarray" && !(a.values instanceof Float64Array)) return a.values.map(String);
  if (Array.isArray(v)) return v.map(String);
  throw new InputError(`${where}: expected an array of strings`);
}

/**
 * Lists the sessions of a recordings folder: the keys of every `Beh_*.npy` dict whose
 * `<session>_neural_data.npy` is present.
 *
 * @example
 * ```ts
 * import { listZhongSessions } from "@prevision/prevision/io";
 * try {
 *   console.log(listZhongSessions("/data/zhong2025")); // ["TX108_2023_03_22_1", …]
 * } catch (e) {
 *   console.error((e as Error).message);
 * }
 * ```
 */
export function listZhongSessions(dir: string): string[] {
  const files = behaviourFiles(dir);
  if (files.length === 0) throw new InputError(`${dir}: no Beh_*.npy behaviour file`);
  const keys = files.flatMap((f) => [...asDict(readPickledNpy(f), f).keys()].map(String));
  return keys.filter((k) => find(dir, [`${k}_neural_data.npy`]) !== undefined).sort();
}

/**
 * Reads one session (activity and behaviour) from a recordings folder.
 *
 * @example
 * ```ts
 * import { readZhongSession } from "@prevision/prevision/io";
 * try {
 *   const s = readZhongSession("/data/zhong2025", "TX108_2023_03_22_1");
 *   console.log(s.neurons, s.frames, s.uniqueWalls);
 * } catch (e) {
 *   console.error((e as Error).message); // one line naming the file or field
 * }
 * ```
 */
export function readZhongSession(dir: string, session: string): ZhongSession {
  const neuralPath = find(dir, [`${session}_neural_data.npy`]);
  if (!neuralPath) throw new InputError(`${dir}: ${session}_neural_data.npy not found`);
  const neural = asDict(readPickledNpy(neuralPath), neuralPath);
  const planes = field(neural, "spks", neuralPath);
  const list = Array.isArray(planes) ? planes : (planes as PickledArray)?.values;
  if (!Array.isArray(list) || list.length === 0) {
    throw new InputError(`${neuralPath}: 'spks' must be a list of neurons × frames arrays`);
  }
  const arrays = list.map((a) => a as PickledArray);
  if (arrays.some((a) => a?.kind !== "ndarray" || a.shape.length !== 2)) {
    throw new InputError(`${neuralPath}: every 'spks' entry must be a 2-D array`);
  }
  const spkFrames = arrays[0].shape[1];
  if (arrays.some((a) => a.shape[1] !== spkFrames)) {
    throw new InputError(`${neuralPath}: the 'spks' planes have different frame counts`);
  }
  let behaviour: Map<unknown, unknown> | undefined, behPath = "";
  for (const f of behaviourFiles(dir)) {
    const all = asDict(readPickledNpy(f), f);
    if (all.has(session)) {
      behaviour = asDict(all.get(session), `${f}[${session}]`);
      behPath = `${f}[${session}]`;
      break;
    }
  }
  if (!behaviour) throw new InputError(`${dir}: no Beh_*.npy holds session '${session}'`);
  const get = (k: string) => field(behaviour!, k, behPath);
  const frameTrial = numbers(get("ft_trInd"), `${behPath}.ft_trInd`);
  const frames = Math.min(spkFrames, frameTrial.length);
  const neurons = arrays.reduce((n, a) => n + a.shape[0], 0);
  const spks = new Float32Array(neurons * frames);
  let row = 0;
  for (const a of arrays) {
    const v = a.values as Float64Array;
    for (let n = 0; n < a.shape[0]; n++, row++) {
      spks.set(v.subarray(n * spkFrames, n * spkFrames + frames), row * frames);
    }
  }
  const perFrame = (k: string) => numbers(get(k), `${behPath}.${k}`).slice(0, frames);
  const flags = (k: string) => Array.from(perFrame(k), (x) => x > 0);
  const wall = strings(get("ft_WallID"), `${behPath}.ft_WallID`).slice(0, frames);
  const trials = numbers(get("ntrials"), `${behPath}.ntrials`)[0];
  const wallName = strings(get("WallName"), `${behPath}.WallName`);
  const isRewarded = Array.from(numbers(get("isRew"), `${behPath}.isRew`), (x) => x > 0);
  if (wallName.length < trials || isRewarded.length < trials) {
    throw new InputError(`${behPath}: WallName and isRew must have ntrials = ${trials} entries`);
  }
  const cumulativePosition = perFrame("ft_PosCum");
  if ([wall, cumulativePosition].some((a) => a.length < frames)) {
    throw new InputError(`${behPath}: per-frame fields shorter than the ${frames} frames`);
  }
  return {
    session,
    neurons,
    frames,
    spks,
    trials,
    wallName: wallName.slice(0, trials),
    uniqueWalls: strings(get("UniqWalls"), `${behPath}.UniqWalls`),
    stimId: behaviour.has("stim_id")
      ? Array.from(numbers(get("stim_id"), `${behPath}.stim_id`))
      : undefined,
    isRewarded: isRewarded.slice(0, trials),
    corridorLength: numbers(get("Corridor_Length"), `${behPath}.Corridor_Length`)[0],
    licks: {
      position: numbers(get("LickPos"), `${behPath}.LickPos`),
      trial: numbers(get("LickTrind"), `${behPath}.LickTrind`),
    },
    frame: {
      trial: frameTrial.slice(0, frames),
      wall,
      cumulativePosition,
      moving: flags("ft_move"),
      textured: flags("ft_CorrSpc"),
      grey: flags("ft_GraySpc"),
    },
  };
}
