/** A served model as tfjs layers-format files (model.json + weights.bin) for browsers. */
import { tf } from "../../backend/tf.ts";
import type { ServedModel } from "../registry/mod.ts";

const cache = new WeakMap<ServedModel, Promise<{ json: string; weights: Uint8Array }>>();

async function serialise(served: ServedModel): Promise<{ json: string; weights: Uint8Array }> {
  let artifacts: tf.io.ModelArtifacts | null = null;
  await served.model.save(tf.io.withSaveHandler((a) => {
    artifacts = a;
    return Promise.resolve({
      modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" },
    });
  }));
  const a = artifacts as unknown as tf.io.ModelArtifacts;
  const parts = Array.isArray(a.weightData) ? a.weightData : [a.weightData as ArrayBuffer];
  const weights = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    weights.set(new Uint8Array(p), at);
    at += p.byteLength;
  }
  const json = JSON.stringify({
    format: "layers-model",
    modelTopology: a.modelTopology,
    weightsManifest: [{ paths: ["weights.bin"], weights: a.weightSpecs }],
  });
  return { json, weights };
}

/** model.json or weights.bin of a served model (cached per model). */
export async function modelFile(
  served: ServedModel,
  file: "model.json" | "weights.bin",
): Promise<Response> {
  let files = cache.get(served);
  if (!files) cache.set(served, files = serialise(served));
  const { json, weights } = await files;
  return file === "model.json"
    ? new Response(json, { headers: { "content-type": "application/json" } })
    : new Response(weights as Uint8Array<ArrayBuffer>, {
      headers: { "content-type": "application/octet-stream" },
    });
}
