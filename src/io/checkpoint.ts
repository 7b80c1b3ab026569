/**
 * Checkpoints in the tfjs layers format (`model.json` + `weights.bin`) plus a
 * `manifest.json` that says what the model is, how it was made, and the sha256 of its
 * weights. A checkpoint folder is written atomically (built in a temporary folder, then
 * renamed into place) and can be loaded from a local folder or an http(s) URL.
 *
 * Loading a model whose `model.json` names custom layers (the frame predictor's
 * `PrevisionConvRecurrent`, `PrevisionTimeBatchNorm`, `PrevisionLastStep`) needs them registered
 * first, which importing src/models/mod.ts does; this module cannot import them itself
 * because io sits below models (docs/architecture.md).
 */
import { tf } from "../backend/tf.ts";
import { InputError } from "../util/errors.ts";
import denoJson from "../../deno.json" with { type: "json" };

/** The manifest format this module writes and reads. */
export const CHECKPOINT_FORMAT = "prevision-checkpoint/1";

/** Named float32 arrays saved beside the weights (optimizer moments, …). */
export type NamedArrays = Record<string, { shape: number[]; values: Float32Array }>;

/** Training state stored with a checkpoint so that a run can resume from it. */
export interface TrainingState {
  /** Epochs completed when the checkpoint was written. */
  epoch: number;
  /** Optimizer steps completed. */
  step: number;
  /** Anything else the trainer needs (best loss, patience counter, …), JSON-serialisable. */
  state?: Record<string, unknown>;
  /** Shapes of the arrays in `optimizer.bin`, in file order (filled in by saveCheckpoint). */
  arrays?: { name: string; shape: number[] }[];
  /** sha256 of `optimizer.bin` (filled in by saveCheckpoint). */
  arraysSha256?: string;
}

/** What the caller says about a checkpoint; the rest of the manifest is filled in. */
export interface CheckpointInfo {
  /** Short model name, e.g. `frame-predictor`. */
  name: string;
  /** What the model predicts from what (shown by the server). */
  description: string;
  /** The model's configuration (what built it). */
  config: Record<string, unknown>;
  /** Seed of the run that produced the weights. */
  seed: number;
  /** Resume state (epoch, step, trainer state). */
  training?: TrainingState;
}

/** Contents of `manifest.json`. */
export interface CheckpointManifest extends CheckpointInfo {
  /** Always {@link CHECKPOINT_FORMAT}. */
  format: typeof CHECKPOINT_FORMAT;
  /** Input shape, batch dimension as null. */
  inputShape: (number | null)[];
  /** Output shape, batch dimension as null. */
  outputShape: (number | null)[];
  /** Weight dtype. */
  dtype: "float32";
  /** tfjs backend the weights were trained on. */
  backend: string;
  /** Versions of prevision, tfjs and Deno that wrote the checkpoint. */
  versions: { prevision: string; tfjs: string; deno: string };
  /** Hex sha256 of `weights.bin`. */
  weightsSha256: string;
  /** Hex sha256 of `model.json` (absent in checkpoints written before it was checked). */
  modelJsonSha256?: string;
  /** ISO time of writing. */
  createdAt: string;
}

/** A loaded checkpoint. */
export interface LoadedCheckpoint {
  /** The model, with its trained weights. */
  model: tf.LayersModel;
  /** What the model is and how it was made (manifest.json). */
  manifest: CheckpointManifest;
  /** Arrays saved with the checkpoint (empty when there were none). */
  arrays: NamedArrays;
}

/** Hex sha256 of bytes. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

function joinBuffers(data: ArrayBuffer | ArrayBuffer[]): Uint8Array {
  const parts = Array.isArray(data) ? data : [data];
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), offset);
    offset += p.byteLength;
  }
  return out;
}

function shapeOf(shape: tf.Shape | tf.Shape[]): (number | null)[] {
  const s = Array.isArray(shape[0]) ? (shape as tf.Shape[])[0] : shape as tf.Shape;
  return s.map((d) => d ?? null);
}

/** Replaces `dir` by the folder `tmp` with two renames (a reader sees old or new). */
async function swapInto(tmp: string, dir: string): Promise<void> {
  const old = `${dir}.old-${Deno.pid}-${crypto.randomUUID().slice(0, 8)}`;
  let hadOld = false;
  try {
    await Deno.rename(dir, old);
    hadOld = true;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  await Deno.rename(tmp, dir);
  if (hadOld) await Deno.remove(old, { recursive: true });
}

/**
 * Saves `model` to the folder `dir` (model.json, weights.bin, manifest.json, and
 * optimizer.bin when `arrays` is given), atomically. Returns the manifest written.
 *
 * @example
 * ```ts
 * import { saveCheckpoint } from "@prevision/prevision/io";
 * // model: a tf.LayersModel, e.g. from buildFramePredictor()
 * // await saveCheckpoint("runs/x/ckpt", model, { name: "m", description: "…", config: {}, seed: 1 });
 * ```
 */
export async function saveCheckpoint(
  dir: string,
  model: tf.LayersModel,
  info: CheckpointInfo,
  arrays?: NamedArrays,
): Promise<CheckpointManifest> {
  let artifacts: tf.io.ModelArtifacts | null = null;
  await model.save(tf.io.withSaveHandler((a) => {
    artifacts = a;
    return Promise.resolve({
      modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" },
    });
  }));
  const saved = artifacts as tf.io.ModelArtifacts | null;
  if (!saved || !saved.weightData || !saved.weightSpecs) {
    throw new Error("model.save gave no weights");
  }
  const weights = joinBuffers(saved.weightData as ArrayBuffer | ArrayBuffer[]);
  const training = info.training ? { ...info.training } : undefined;
  let arrayBytes: Uint8Array | null = null;
  if (arrays && training) {
    const names = Object.keys(arrays);
    const total = names.reduce((n, k) => n + arrays[k].values.length, 0);
    const flat = new Float32Array(total);
    let offset = 0;
    for (const k of names) {
      flat.set(arrays[k].values, offset);
      offset += arrays[k].values.length;
    }
    arrayBytes = new Uint8Array(flat.buffer);
    training.arrays = names.map((name) => ({ name, shape: arrays[name].shape }));
    training.arraysSha256 = await sha256Hex(arrayBytes);
  }
  const modelText = JSON.stringify({
    format: "layers-model",
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
    convertedBy: null,
    modelTopology: saved.modelTopology,
    weightsManifest: [{ paths: ["weights.bin"], weights: saved.weightSpecs }],
  });
  const manifest: CheckpointManifest = {
    format: CHECKPOINT_FORMAT,
    name: info.name,
    description: info.description,
    inputShape: shapeOf(model.inputs[0].shape),
    outputShape: shapeOf(model.outputs[0].shape),
    dtype: "float32",
    config: info.config,
    seed: info.seed,
    backend: tf.getBackend(),
    versions: { prevision: denoJson.version, tfjs: tf.version.tfjs, deno: Deno.version.deno },
    weightsSha256: await sha256Hex(weights),
    modelJsonSha256: await sha256Hex(new TextEncoder().encode(modelText)),
    createdAt: new Date().toISOString(),
    ...(training ? { training } : {}),
  };
  const tmp = `${dir.replace(/\/+$/, "")}.tmp-${Deno.pid}-${crypto.randomUUID().slice(0, 8)}`;
  await Deno.mkdir(tmp, { recursive: true });
  try {
    await Deno.writeFile(`${tmp}/weights.bin`, weights);
    if (arrayBytes) await Deno.writeFile(`${tmp}/optimizer.bin`, arrayBytes);
    await Deno.writeTextFile(`${tmp}/model.json`, modelText);
    await Deno.writeTextFile(`${tmp}/manifest.json`, JSON.stringify(manifest, null, 2));
    await swapInto(tmp, dir.replace(/\/+$/, ""));
  } catch (error) {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
    throw error;
  }
  return manifest;
}

/** Options of {@link loadCheckpoint}. */
export interface LoadOptions {
  /**
   * A folder every file read must lie in, by real path (symbolic links and `..` resolved):
   * a server confines reads to its models folder so that a link cannot serve other files.
   */
  within?: string;
  /**
   * Reads one file of the checkpoint by name (`manifest.json`, `model.json`, `weights.bin`)
   * instead of the folder or URL: where there is no file system (an edge bundle's declared
   * data modules). The sha256 checks are the same.
   */
  read?: (name: string) => Promise<Uint8Array>;
}

/** Throws unless `path`'s real path lies inside the real path `root`. */
async function confine(path: string, root: string): Promise<void> {
  const real = await Deno.realPath(path);
  if (real !== root && !real.startsWith(root.endsWith("/") ? root : `${root}/`)) {
    // The real path stays out of the message: it may reach an unauthenticated /health.
    throw new InputError(`${path} links outside ${root}: refused`);
  }
}

/** Reads one file of a checkpoint from a folder path or a base URL. */
function reader(location: string, within?: string): (name: string) => Promise<Uint8Array> {
  let base = location.replace(/\/+$/, "");
  if (/\/(model|manifest)\.json$/.test(base)) base = base.replace(/\/[^/]+$/, "");
  if (/^https?:\/\//i.test(base)) {
    return async (name) => {
      let response: Response;
      try {
        response = await fetch(`${base}/${name}`);
      } catch (error) {
        throw new InputError(`cannot fetch ${base}/${name}: ${(error as Error).message}`);
      }
      if (!response.ok) throw new InputError(`GET ${base}/${name}: HTTP ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    };
  }
  const dir = base.startsWith("file://") ? new URL(base).pathname : base;
  const root = within === undefined ? undefined : Deno.realPath(within);
  return async (name) => {
    try {
      if (root) await confine(`${dir}/${name}`, await root);
      return await Deno.readFile(`${dir}/${name}`);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) {
        throw new InputError(`${dir} is not a checkpoint folder (no ${name})`);
      }
      throw error;
    }
  };
}

function parseJson(bytes: Uint8Array, what: string): Record<string, unknown> {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new InputError(`${what} is not valid JSON`);
  }
}

/**
 * Loads a checkpoint from a local folder or an http(s) URL (of the folder or of its
 * model.json), verifying the sha256 of the weights against the manifest.
 *
 * @example
 * ```ts
 * import { loadCheckpoint } from "@prevision/prevision/io";
 * // const { model, manifest } = await loadCheckpoint("runs/may2025-…/checkpoints/directional-seed1");
 * // const { model } = await loadCheckpoint("https://example.org/models/frame-predictor/");
 * ```
 */
export async function loadCheckpoint(
  pathOrUrl: string,
  options: LoadOptions = {},
): Promise<LoadedCheckpoint> {
  const read = options.read ?? reader(pathOrUrl, options.within);
  const manifest = parseJson(
    await read("manifest.json"),
    "manifest.json",
  ) as unknown as CheckpointManifest;
  if (manifest.format !== CHECKPOINT_FORMAT) {
    throw new InputError(
      `${pathOrUrl}: unsupported checkpoint format '${manifest.format}' (expected ${CHECKPOINT_FORMAT})`,
    );
  }
  const modelBytes = await read("model.json");
  // Checkpoints written before model.json was hashed have no modelJsonSha256.
  if (manifest.modelJsonSha256 !== undefined) {
    const sha = await sha256Hex(modelBytes);
    if (sha !== manifest.modelJsonSha256) {
      throw new InputError(
        `${pathOrUrl}: model.json sha256 ${sha.slice(0, 12)}… does not match the manifest's ${
          String(manifest.modelJsonSha256).slice(0, 12)
        }… (corrupt or altered checkpoint)`,
      );
    }
  }
  const modelJson = parseJson(modelBytes, "model.json") as {
    modelTopology: tf.io.ModelArtifacts["modelTopology"];
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  };
  const weights = await read("weights.bin");
  const sha = await sha256Hex(weights);
  if (sha !== manifest.weightsSha256) {
    throw new InputError(
      `${pathOrUrl}: weights.bin sha256 ${sha.slice(0, 12)}… does not match the manifest's ${
        String(manifest.weightsSha256).slice(0, 12)
      }… (corrupt or altered checkpoint)`,
    );
  }
  const arrays: NamedArrays = {};
  if (manifest.training?.arrays?.length) {
    const bytes = await read("optimizer.bin");
    if ((await sha256Hex(bytes)) !== manifest.training.arraysSha256) {
      throw new InputError(`${pathOrUrl}: optimizer.bin does not match its sha256`);
    }
    const flat = new Float32Array(bytes.slice().buffer);
    let offset = 0;
    for (const { name, shape } of manifest.training.arrays) {
      const n = shape.reduce((a, b) => a * b, 1);
      arrays[name] = { shape, values: flat.slice(offset, offset + n) };
      offset += n;
    }
  }
  const specs = modelJson.weightsManifest?.flatMap((m) => m.weights) ?? [];
  const plain = specs.every((w) => !w.quantization && ["float32", "int32"].includes(w.dtype));
  const expected = specs.reduce((n, w) => n + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
  // Checked before building the model: a failed weight load would leave its layers' tensors.
  if (plain && expected !== weights.byteLength) {
    throw new InputError(
      `${pathOrUrl}: weights.bin holds ${weights.byteLength} bytes, model.json needs ${expected}`,
    );
  }
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest.flatMap((m) => m.weights),
      weightData: weights.slice().buffer,
    }));
  } catch (error) {
    // io sits below models, so it cannot register the models' custom layers itself.
    const unknown = /Unknown layer: (\w+)/.exec(error instanceof Error ? error.message : "");
    if (unknown) {
      throw new InputError(
        `${pathOrUrl}: model.json uses the layer ${unknown[1]}, which is not registered; ` +
          `import the models (src/models/mod.ts) before loading the checkpoint`,
      );
    }
    throw error;
  }
  return { model, manifest, arrays };
}
