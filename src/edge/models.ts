/**
 * The models of an edge worker: checkpoints bundled as declared data modules, or fetched from
 * a URL whose `manifest.json` sha256 was pinned when the bundle was built. Either way the
 * weights and model.json are checked against the manifest's sha256 (src/io/checkpoint.ts), and
 * a model that fails is refused (listed by /health), as `deno task serve` does.
 *
 * @module
 */
import { loadCheckpoint, sha256Hex } from "../io/mod.ts";
import type { CheckpointManifest, ModelRegistry } from "../serve/mod.ts";
import { errorMessage } from "../util/errors.ts";
import "../models/mod.ts"; // registers the custom layers that checkpoints refer to

/** A checkpoint inside the bundle: its files as the data modules the host declared. */
export interface BundledModel {
  /** Name the routes use. */
  name: string;
  /** `manifest.json`, `model.json`, `weights.bin` (and `optimizer.bin` if any) by name. */
  files: Record<string, ArrayBuffer | Uint8Array>;
}

/** A checkpoint fetched from a URL when the worker starts. */
export interface RemoteModel {
  /** Name the routes use. */
  name: string;
  /** URL of the checkpoint folder. */
  url: string;
  /** Hex sha256 of its manifest.json, pinned at build time (the manifest pins the rest). */
  manifestSha256: string;
}

/** One model of an edge bundle. */
export type EdgeModel = BundledModel | RemoteModel;

function bundledReader(model: BundledModel): (name: string) => Promise<Uint8Array> {
  return (name) => {
    const file = Object.hasOwn(model.files, name) ? model.files[name] : undefined;
    if (!file) return Promise.reject(new Error(`bundled model '${model.name}' has no ${name}`));
    return Promise.resolve(file instanceof Uint8Array ? file : new Uint8Array(file));
  };
}

function remoteReader(model: RemoteModel): (name: string) => Promise<Uint8Array> {
  const base = model.url.replace(/\/+$/, "");
  return async (name) => {
    const response = await fetch(`${base}/${name}`);
    if (!response.ok) throw new Error(`GET ${base}/${name}: HTTP ${response.status}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (name === "manifest.json") {
      const sha = await sha256Hex(bytes);
      if (sha !== model.manifestSha256) {
        throw new Error(
          `${base}/manifest.json sha256 ${sha.slice(0, 12)}… does not match the pinned ${
            model.manifestSha256.slice(0, 12)
          }…`,
        );
      }
    }
    return bytes;
  };
}

/**
 * Loads `models` into `registry`; a model that cannot be loaded is refused with its reason.
 *
 * @example
 * ```ts ignore
 * await loadEdgeModels(registry, [{ name: "fp", files: { "manifest.json": m, "model.json": j, "weights.bin": w } }]);
 * ```
 */
export async function loadEdgeModels(
  registry: ModelRegistry,
  models: readonly EdgeModel[],
): Promise<void> {
  for (const spec of models) {
    const remote = "url" in spec;
    const source = remote ? spec.url : `bundle:${spec.name}`;
    try {
      const read = remote ? remoteReader(spec) : bundledReader(spec);
      const { model, manifest } = await loadCheckpoint(source, { read });
      try {
        registry.add(spec.name, model, manifest as unknown as CheckpointManifest, source);
      } catch (error) {
        model.dispose();
        throw error;
      }
    } catch (error) {
      const message = errorMessage(error);
      const reason = /sha256/.test(message) ? `refused (checksum): ${message}` : message;
      console.warn(`edge: model at ${source} not loaded: ${reason}`);
      registry.refused.push({ source, reason });
    }
  }
}
