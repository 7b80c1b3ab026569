/**
 * The models one server instance serves, loaded from a folder of checkpoints and/or a JSON
 * config of URLs. A model whose weights fail the manifest's sha256 is refused with a log line
 * and listed under `refused`. Each app (each `deno serve --parallel` worker) has its own.
 */
import type { tf } from "../../backend/tf.ts";
import { errorMessage } from "../../util/errors.ts";
import { log, warn } from "../../util/log.ts";
import { loadCheckpoint } from "../../io/checkpoint.ts";
import "../../models/mod.ts"; // registers the custom layers that checkpoints refer to

/** The training manifest of a served model (fields as written by saveCheckpoint; free-form for in-memory models). */
export type CheckpointManifest = Record<string, unknown>;

/** One loaded model. */
export interface ServedModel {
  name: string;
  source: string;
  manifest: CheckpointManifest;
  model: tf.LayersModel;
  /** Input shape without the batch dimension (null = any size). */
  inputShape: (number | null)[];
  outputShape: (number | null)[];
}

/** A model that could not be loaded, and why. */
export interface RefusedModel {
  source: string;
  reason: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Where to load models from. */
export interface ModelSources {
  models?: string;
  config?: string;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Lists checkpoint locations: the folder itself, or its sub-folders with a manifest.json. */
async function folderSources(dir: string): Promise<{ name?: string; source: string }[]> {
  if (await exists(`${dir}/manifest.json`)) return [{ source: dir }];
  const out: { source: string }[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isDirectory && await exists(`${dir}/${entry.name}/manifest.json`)) {
        out.push({ source: `${dir}/${entry.name}` });
      }
    }
  } catch (error) {
    warn(`serve: cannot read model folder ${dir}: ${errorMessage(error)}`);
  }
  return out.sort((a, b) => a.source.localeCompare(b.source));
}

async function configSources(config: string): Promise<{ name?: string; source: string }[]> {
  const remote = /^https?:\/\//.test(config);
  const text = remote ? await (await fetch(config)).text() : await Deno.readTextFile(config);
  const parsed = JSON.parse(text) as { models?: { name?: string; url?: string; path?: string }[] };
  const base = remote ? config : new URL(config, `file://${Deno.cwd()}/`).href;
  return (parsed.models ?? []).map((m) => {
    const where = m.url ?? m.path ?? "";
    const resolved = new URL(where, base);
    return {
      name: m.name,
      source: resolved.protocol === "file:" ? decodeURIComponent(resolved.pathname) : resolved.href,
    };
  });
}

/** The set of served models. */
export class ModelRegistry {
  readonly models = new Map<string, ServedModel>();
  readonly refused: RefusedModel[] = [];

  /** Adds an already built model (tests, embedding). */
  add(
    name: string,
    model: tf.LayersModel,
    manifest: CheckpointManifest = {},
    source = "memory",
  ): ServedModel {
    if (!NAME.test(name)) throw new Error(`invalid model name '${name}'`);
    if (model.inputs.length !== 1 || model.outputs.length !== 1) {
      throw new Error(`model '${name}' must have one input and one output`);
    }
    const dims = [...model.inputs[0].shape.slice(1), ...model.outputs[0].shape.slice(1)];
    if (dims.some((d) => d === null)) {
      throw new Error(
        `model '${name}' has variable input/output dimensions; only fixed shapes are served`,
      );
    }
    const served: ServedModel = {
      name,
      source,
      manifest,
      model,
      inputShape: model.inputs[0].shape.slice(1),
      outputShape: model.outputs[0].shape.slice(1),
    };
    this.models.set(name, served);
    return served;
  }

  get(name: string): ServedModel | undefined {
    return this.models.get(name);
  }

  /** Loads every model from the folder and the config; failures are logged and skipped. */
  async load(sources: ModelSources): Promise<void> {
    const list: { name?: string; source: string }[] = [];
    if (sources.models) list.push(...await folderSources(sources.models));
    if (sources.config) {
      try {
        list.push(...await configSources(sources.config));
      } catch (error) {
        this.refuse(sources.config, `config: ${errorMessage(error)}`);
      }
    }
    for (const { name, source } of list) {
      try {
        const { model, manifest } = await loadCheckpoint(source);
        const chosen = name ?? manifest.name ?? source.replace(/\/+$/, "").split("/").pop() ?? "";
        if (this.models.has(chosen)) throw new Error(`duplicate model name '${chosen}'`);
        this.add(chosen, model, manifest as unknown as CheckpointManifest, source);
        log(`serve: loaded model '${chosen}' from ${source}`);
      } catch (error) {
        const message = errorMessage(error);
        const reason = /sha256/.test(message) ? `refused (checksum): ${message}` : message;
        this.refuse(source, reason);
      }
    }
  }

  private refuse(source: string, reason: string): void {
    this.refused.push({ source, reason });
    warn(`serve: model at ${source} not loaded: ${reason}`);
  }

  /** Frees every model's weights. */
  dispose(): void {
    for (const m of this.models.values()) m.model.dispose();
    this.models.clear();
  }
}
