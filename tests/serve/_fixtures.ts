/** Small models and app helpers shared by the serve tests. */
import { tf } from "../../src/backend/tf.ts";
import { useBackend } from "../../src/backend/select.ts";
import { setQuiet } from "../../src/util/log.ts";
import { createApp, ModelRegistry, type ServeApp, type ServeOptions } from "../../src/serve/mod.ts";

/** A seeded dense model 2×3 → 4 (sigmoid), small enough for exact comparisons. */
export function tinyModel(seed = 1): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.flatten({ inputShape: [2, 3] }));
  model.add(tf.layers.dense({
    units: 4,
    activation: "sigmoid",
    kernelInitializer: tf.initializers.glorotUniform({ seed }),
    biasInitializer: tf.initializers.randomNormal({ seed: seed + 1 }),
  }));
  return model;
}

/** An app serving `tinyModel()` as "tiny", with options. */
export async function tinyApp(options: Partial<ServeOptions> = {}): Promise<ServeApp> {
  setQuiet(true);
  await useBackend("cpu");
  const registry = new ModelRegistry();
  registry.add("tiny", tinyModel(), { description: "test model" });
  const served = createApp({ backend: "cpu", ...options }, registry);
  await served.ctx.ready;
  return served;
}

/** A JSON request. */
export function jsonRequest(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Request {
  return new Request(`http://127.0.0.1${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** The library's own prediction of `model` on `x` (shape [rows, 2, 3]). */
export function libraryPredict(model: tf.LayersModel, x: number[][][]): Float32Array {
  const t = tf.tensor(x);
  const y = model.predict(t) as tf.Tensor;
  const out = y.dataSync() as Float32Array;
  t.dispose();
  y.dispose();
  return out;
}

/**
 * Plants a symbolic link at `path` to `target` with `ln -s`: Deno.symlink needs unscoped
 * --allow-read and --allow-write, which the test tasks do not grant
 * (tests/permissions/test_grants.ts).
 */
export async function plantSymlink(target: string, path: string): Promise<void> {
  const out = await new Deno.Command("ln", { args: ["-s", target, path], stderr: "piped" })
    .output();
  if (!out.success) {
    throw new Error(`ln -s ${target} ${path}: ${new TextDecoder().decode(out.stderr)}`);
  }
}
