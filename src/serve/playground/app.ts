/// <reference lib="dom" />
/**
 * The browser playground (bundled by build.ts): a stimulus streams frame by frame — one of
 * the three retinal-wave models (the toolkit's WASM kernels) or the May et al. corridor —
 * and a frame predictor (any model the server serves, or an untrained one built in the
 * page) guesses each next frame from the frames before it, in tfjs inside the browser
 * (WebGPU when available, else WASM SIMD). Input, prediction, truth and error are drawn side
 * by side with a running loss; controls pick the stimulus, the model and the speed.
 * State for tests is exposed on `globalThis.playground`.
 */
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { tf } from "../../backend/tf.ts";
import { useBackend } from "../../backend/select.ts";
import { setQuiet } from "../../util/log.ts";
import { buildFramePredictor } from "../../models/frame_predictor.ts";
import { drawFrame, frameError, RunningMean } from "./_draw.ts";
import {
  createSource,
  describeStimulus,
  type FrameSource,
  STIMULI,
  type StimulusChoice,
  type StimulusKind,
} from "./_sources.ts";

/** A model the page can run: served (loaded from the server) or the untrained fallback. */
interface ModelEntry {
  name: string;
  label: string;
  frames: number;
  size: number;
  served: boolean;
}

/** What the page exposes as `globalThis.playground` (read by its browser test). */
export interface State {
  backend: string;
  models: string[];
  model: string;
  stimulus: StimulusKind;
  directional: boolean;
  fps: number;
  framesDrawn: number;
  predictionsDrawn: number;
  /** Summed squared error of the last prediction. */
  loss: number | null;
  /** Its mean over the last {@link LOSS_WINDOW} predictions. */
  runningLoss: number | null;
  /** The same for copying the last input frame (a model-free baseline). */
  copyLoss: number | null;
  sentence: string;
  loading: boolean;
  error: string | null;
}

const LOSS_WINDOW = 100;
const UNTRAINED = "untrained";
const STIMULUS_LABELS: Record<StimulusKind, string> = {
  teh: "retinal waves: Teh et al.",
  godfrey: "retinal waves: Godfrey–Swindale",
  lansdell: "retinal waves: Lansdell et al.",
  corridor: "corridor flight (May et al.)",
};

const params = new URLSearchParams(location.search);
const state: State = {
  backend: "",
  models: [],
  model: "",
  stimulus: STIMULI.find((s) => s === params.get("stimulus")) ?? "teh",
  directional: params.get("directional") !== "false",
  fps: Number(params.get("fps") ?? 10),
  framesDrawn: 0,
  predictionsDrawn: 0,
  loss: null,
  runningLoss: null,
  copyLoss: null,
  sentence: "",
  loading: true,
  error: null,
};
(globalThis as unknown as { playground: State }).playground = state;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

async function listModels(): Promise<ModelEntry[]> {
  const entries: ModelEntry[] = [];
  try {
    const list = await (await fetch("/v1/models")).json() as {
      models: { name: string; inputShape: (number | null)[] }[];
    };
    for (const m of list.models) {
      const [frames, h, w, channels] = m.inputShape;
      if (m.inputShape.length === 4 && frames && h && h === w && channels === 1) {
        entries.push({ name: m.name, label: m.name, frames, size: h, served: true });
      }
    }
  } catch (error) {
    console.warn("no served models:", error);
  }
  entries.push({
    name: UNTRAINED,
    label: "untrained (built in your browser)",
    frames: 4,
    size: 32,
    served: false,
  });
  return entries;
}

const loaded = new Map<string, tf.LayersModel>();

async function loadModel(entry: ModelEntry): Promise<tf.LayersModel> {
  let model = loaded.get(entry.name);
  if (!model) {
    model = entry.served
      ? await tf.loadLayersModel(`/v1/models/${encodeURIComponent(entry.name)}/files/model.json`)
      : buildFramePredictor(
        { cell: "rnn", channels: 8, kernel: 3, size: entry.size, frames: entry.frames, layers: 2 },
        1,
      );
    loaded.set(entry.name, model);
  }
  return model;
}

function sentence(choice: StimulusChoice, entry: ModelEntry): string {
  const made = choice.kind === "corridor" ? "rendered" : "simulated live";
  return `You are watching ${describeStimulus(choice)}, ${made} in your browser at ` +
    `${entry.size}×${entry.size} pixels: the model ${entry.label} sees the last ` +
    `${entry.frames} frames (input shows the latest) and guesses the next one (prediction), ` +
    `which is compared with the frame that actually came (truth); red marks where they differ ` +
    `(error), and the loss is the summed squared error per frame, averaged over the last ` +
    `${LOSS_WINDOW} frames (lower is better).`;
}

const fmt = (v: number | null) => v === null || !Number.isFinite(v) ? "–" : v.toFixed(2);

function fail(error: unknown): void {
  state.error = String(error);
  $("status").textContent = `error: ${error}`;
}

async function main(): Promise<void> {
  setQuiet(true);
  setWasmPaths("/playground/wasm/");
  state.backend = await useBackend("auto");
  $("backend").textContent = state.backend;
  const models = await listModels();
  state.models = models.map((m) => m.name);
  const pick = models.find((m) => m.name === params.get("model")) ?? models[0];
  const seed = Number(params.get("seed") ?? 1);

  const stimulusSelect = $<HTMLSelectElement>("stimulus");
  const directionalBox = $<HTMLInputElement>("directional");
  const modelSelect = $<HTMLSelectElement>("model");
  const speed = $<HTMLInputElement>("speed");
  stimulusSelect.replaceChildren(...STIMULI.map((s) => new Option(STIMULUS_LABELS[s], s)));
  modelSelect.replaceChildren(...models.map((m) => new Option(m.label, m.name)));
  stimulusSelect.value = state.stimulus;
  directionalBox.checked = state.directional;
  modelSelect.value = pick.name;
  speed.value = String(Math.max(0, Math.min(30, state.fps)));

  const canvases = {
    input: $<HTMLCanvasElement>("input"),
    prediction: $<HTMLCanvasElement>("prediction"),
    truth: $<HTMLCanvasElement>("truth"),
    error: $<HTMLCanvasElement>("error"),
  };
  let entry = pick;
  let model: tf.LayersModel | null = null;
  let source: FrameSource | null = null;
  let history: Float32Array[] = [];
  let pending: Float32Array | null = null; // the guess of the frame about to come
  let loss = new RunningMean(LOSS_WINDOW), copy = new RunningMean(LOSS_WINDOW);
  let generation = 0; // bumped on every restart: a stale prediction is dropped
  let busy = false;

  const restart = async () => {
    const mine = ++generation;
    state.loading = true;
    modelSelect.disabled = true;
    try {
      entry = models.find((m) => m.name === modelSelect.value) ?? models[0];
      state.stimulus = stimulusSelect.value as StimulusKind;
      state.directional = directionalBox.checked;
      directionalBox.disabled = state.stimulus !== "teh";
      $("skipped").hidden = state.stimulus === "corridor";
      const choice = { kind: state.stimulus, directional: state.directional, seed };
      model = await loadModel(entry);
      if (mine !== generation) return;
      source = createSource(choice, entry.size);
      history = [];
      pending = null;
      loss = new RunningMean(LOSS_WINDOW);
      copy = new RunningMean(LOSS_WINDOW);
      Object.assign(state, { model: entry.name, loss: null, runningLoss: null, copyLoss: null });
      state.sentence = sentence(choice, entry);
      $("sentence").textContent = state.sentence;
      $("loss").textContent = "–";
    } catch (error) {
      fail(error);
    } finally {
      if (mine === generation) {
        state.loading = false;
        modelSelect.disabled = false;
      }
    }
  };

  const step = async () => {
    if (busy || state.loading || !source || !model) return;
    busy = true;
    const mine = generation;
    try {
      const frame = source.next();
      const n = entry.size * entry.size;
      drawFrame(canvases.truth, frame, entry.size);
      const last = history.at(-1);
      if (pending && last) {
        const error = frameError(pending, frame);
        loss.add(error.sse);
        copy.add(frameError(last, frame).sse);
        drawFrame(canvases.input, last, entry.size);
        drawFrame(canvases.prediction, pending, entry.size);
        drawFrame(canvases.error, error.map, entry.size, "error");
        Object.assign(state, { loss: error.sse, runningLoss: loss.mean, copyLoss: copy.mean });
        $("loss").textContent = `${fmt(loss.mean)} (this frame ${fmt(error.sse)}; copying ` +
          `the last frame scores ${fmt(copy.mean)})`;
        state.predictionsDrawn++;
      }
      pending = null;
      state.framesDrawn++;
      history.push(frame);
      if (history.length > entry.frames) history.shift();
      if (history.length === entry.frames) {
        const input = new Float32Array(entry.frames * n);
        history.forEach((h, i) => input.set(h, i * n));
        const x = tf.tensor5d(input, [1, entry.frames, entry.size, entry.size, 1]);
        const y = model.predict(x) as tf.Tensor;
        const guess = (await y.data()) as Float32Array;
        tf.dispose([x, y]);
        if (mine === generation) pending = guess;
      }
      $("frame").textContent = String(state.framesDrawn);
    } catch (error) {
      fail(error);
    } finally {
      busy = false;
    }
  };

  let timer: ReturnType<typeof setInterval> | undefined;
  const schedule = () => {
    clearInterval(timer);
    state.fps = Number(speed.value);
    $("fps").textContent = state.fps === 0 ? "paused" : `${state.fps} frames/s`;
    if (state.fps > 0) timer = setInterval(step, 1000 / state.fps);
  };
  stimulusSelect.addEventListener("change", restart);
  directionalBox.addEventListener("change", restart);
  modelSelect.addEventListener("change", restart);
  speed.addEventListener("input", schedule);
  await restart();
  schedule();
}

main().catch(fail);
