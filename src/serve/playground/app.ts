/// <reference lib="dom" />
/**
 * The browser playground (bundled by build.ts): a live Teh retinal-wave simulation on a canvas
 * (the toolkit's WASM kernel), and beside it a frame-predictor's guess of each frame made
 * from the frames before it, running in tfjs in the browser (WebGPU when available, else
 * WASM SIMD). State for tests is exposed on `globalThis.playground`.
 */
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { tf } from "../../backend/tf.ts";
import { useBackend } from "../../backend/select.ts";
import { setQuiet } from "../../util/log.ts";
import { buildFramePredictor } from "../../models/frame_predictor.ts";
import { tehStream } from "../../stimuli/waves/teh.ts";

interface State {
  backend: string;
  model: string;
  framesDrawn: number;
  predictionsDrawn: number;
  error: string | null;
}

const state: State = { backend: "", model: "", framesDrawn: 0, predictionsDrawn: 0, error: null };
(globalThis as unknown as { playground: State }).playground = state;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function draw(canvas: HTMLCanvasElement, values: ArrayLike<number>, size: number): void {
  const ctx = canvas.getContext("2d")!;
  const image = ctx.createImageData(size, size);
  for (let i = 0; i < size * size; i++) {
    const v = Math.max(0, Math.min(255, Math.round(values[i] * 255)));
    image.data[4 * i] = v;
    image.data[4 * i + 1] = Math.round(v * 0.85);
    image.data[4 * i + 2] = 40 + Math.round(v * 0.4);
    image.data[4 * i + 3] = 255;
  }
  const scratch = new OffscreenCanvas(size, size);
  scratch.getContext("2d")!.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(scratch, 0, 0, canvas.width, canvas.height);
}

interface Predictor {
  model: tf.LayersModel;
  frames: number;
  size: number;
  name: string;
}

async function loadPredictor(): Promise<Predictor> {
  try {
    const list = await (await fetch("/v1/models")).json() as {
      models: { name: string; inputShape: (number | null)[] }[];
    };
    const fit = list.models.find((m) =>
      m.inputShape.length === 4 && m.inputShape[1] === m.inputShape[2] && m.inputShape[3] === 1
    );
    if (fit) {
      const model = await tf.loadLayersModel(`/v1/models/${fit.name}/files/model.json`);
      return { model, frames: fit.inputShape[0]!, size: fit.inputShape[1]!, name: fit.name };
    }
  } catch (error) {
    console.warn("no served model:", error);
  }
  const config = { cell: "rnn" as const, channels: 8, kernel: 3, size: 32, frames: 4, layers: 2 };
  return {
    model: buildFramePredictor(config, 1),
    frames: 4,
    size: 32,
    name: "untrained (built in the browser)",
  };
}

async function main(): Promise<void> {
  setQuiet(true);
  setWasmPaths("/playground/wasm/");
  state.backend = await useBackend("auto");
  const predictor = await loadPredictor();
  state.model = predictor.name;
  $("backend").textContent = state.backend;
  $("model").textContent = predictor.name;
  const { size, frames } = predictor;
  const seed = Number(new URLSearchParams(location.search).get("seed") ?? 1);
  const sim = tehStream({ size, seed, directional: true });
  const n = size * size;
  const history: Float32Array[] = [];
  const truth = $<HTMLCanvasElement>("truth");
  const guess = $<HTMLCanvasElement>("guess");
  let pending: Float32Array | null = null; // prediction of the frame about to be simulated
  let busy = false;
  const frame = new Uint8Array(n);
  const step = async () => {
    if (busy) return;
    busy = true;
    try {
      sim.read(frame, 1);
      const current = Float32Array.from(frame);
      draw(truth, current, size);
      state.framesDrawn++;
      if (pending) {
        draw(guess, pending, size);
        state.predictionsDrawn++;
        pending = null;
      }
      history.push(current);
      if (history.length > frames) history.shift();
      if (history.length === frames) {
        const input = new Float32Array(frames * n);
        history.forEach((h, i) => input.set(h, i * n));
        const x = tf.tensor(input, [1, frames, size, size, 1]);
        const y = predictor.model.predict(x) as tf.Tensor;
        pending = (await y.data()) as Float32Array;
        tf.dispose([x, y]);
      }
      $("frame").textContent = String(sim.frame);
    } catch (error) {
      state.error = String(error);
      $("status").textContent = `error: ${error}`;
    } finally {
      busy = false;
    }
  };
  setInterval(step, 100);
}

main().catch((error) => {
  state.error = String(error);
  $("status").textContent = `error: ${error}`;
});
