/**
 * The models one server instance serves, loaded from the checkpoints below a folder and/or a
 * JSON config of URLs and paths (found by ../sources/mod.ts). A model whose weights fail the manifest's sha256 is refused with a log line
 * and listed under `refused`. Each app (each `deno serve --parallel` worker) has its own.
 */
import { dirname, resolve } from "node:path";
import type { tf } from "../../backend/tf.ts";
import { errorMessage } from "../../util/errors.ts";
import { log, warn } from "../../util/log.ts";
import { loadCheckpoint } from "../../io/checkpoint.ts";
import "../../models/mod.ts"; // registers the custom layers that checkpoints refer to
import { configSources, findCheckpoints, type ModelSource } from "../sources/mod.ts";

/** The training manifest of a served model (fields as written by saveCheckpoint; free-form for in-memory models). */
export type CheckpointManifest = Record<string, unknown>;

/** One loaded model. */
export interface ServedModel {
  /** Name the routes use (`/v1/models/<name>`). */
  name: string;
  /** Where it was loaded from (a folder, a URL, or `memory`). */
  source: string;
  /** What the checkpoint says about the model. */
  manifest: CheckpointManifest;
  /** The model. */
  model: tf.LayersModel;
  /** Input shape without the batch dimension (null = any size). */
  inputShape: (number | null)[];
  /** Output shape without the batch dimension. */
  outputShape: (number | null)[];
}

/** A model that could not be loaded, and why. */
export interface RefusedModel {
  /** Where the model was to come from. */
  source: string;
  /** Why it was not loaded. */
  reason: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Where to load models from. */
export interface ModelSources {
  /** A folder searched for checkpoints (`manifest.json` + `model.json`). */
  models?: string;
  /** A JSON config naming checkpoint URLs and paths. */
  config?: string;
}

/** The set of served models. */
export class ModelRegistry {
  /** The loaded models by name. */
  readonly models: Map<string, ServedModel> = new Map();
  /** Models that could not be loaded. */
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

  /** The model called `name`, if loaded. */
  get(name: string): ServedModel | undefined {
    return this.models.get(name);
  }

  /**
   * Versions of models whose folder holds numbered checkpoints (`fp/1`, `fp/2`, as TF Serving
   * lays them out): base name → version → the served model's own name (`fp-2`).
   */
  readonly versions: Map<string, Map<string, string>> = new Map();

  /** The versions `name` answers to (numeric order): its numbered checkpoints, else `["1"]`. */
  versionsOf(name: string): string[] {
    const numbered = this.versions.get(name);
    if (!numbered) return this.models.has(name) ? ["1"] : [];
    return [...numbered.keys()].sort((a, b) => Number(a) - Number(b));
  }

  /**
   * The model `name` at `version` (the Open Inference Protocol's and TF Serving's model
   * versions): a numbered checkpoint, the latest when no version is given; a model without
   * numbered checkpoints is version 1.
   */
  resolve(name: string, version?: string): ServedModel | undefined {
    const numbered = this.versions.get(name);
    if (numbered && !this.models.has(name)) {
      const chosen = version ?? this.versionsOf(name).at(-1)!;
      const own = numbered.get(chosen);
      return own === undefined ? undefined : this.models.get(own);
    }
    return version === undefined || version === "1" ? this.models.get(name) : undefined;
  }

  /** Loads every model from the folder and the config; failures are logged and skipped. */
  async load(sources: ModelSources): Promise<void> {
    for (const [given, name] of [[sources.models, "<models>"], [sources.config, "<config>"]]) {
      if (!given || /^https?:\/\//.test(given)) continue;
      const dir = given === sources.config ? dirname(resolve(given)) : resolve(given);
      this.roots.push([dir, name as string]);
      if (given !== dir) this.roots.push([given, name as string]);
    }
    this.roots.sort((a, b) => b[0].length - a[0].length);
    const list: (ModelSource & { within?: string })[] = [];
    if (sources.models) {
      try {
        // Every file read from a found checkpoint must lie inside the folder, by real path.
        const found = (await findCheckpoints(sources.models)).map((m) => ({
          ...m,
          within: sources.models,
        }));
        if (found.length === 0) warn(`serve: no checkpoints found below ${sources.models}`);
        list.push(...found);
      } catch (error) {
        warn(`serve: cannot read model folder ${sources.models}: ${errorMessage(error)}`);
      }
    }
    if (sources.config) {
      try {
        list.push(...await configSources(sources.config));
      } catch (error) {
        this.refuse(sources.config, `config: ${errorMessage(error)}`);
      }
    }
    for (const { name, source, within } of list) {
      try {
        const { model, manifest } = await loadCheckpoint(source, { within });
        const chosen = name ?? manifest.name ?? source.replace(/\/+$/, "").split("/").pop() ?? "";
        try {
          if (this.models.has(chosen)) throw new Error(`duplicate model name '${chosen}'`);
          this.add(chosen, model, manifest as unknown as CheckpointManifest, source);
        } catch (error) {
          model.dispose(); // a refused model must not keep its weights
          throw error;
        }
        log(`serve: loaded model '${chosen}' from ${source}`);
      } catch (error) {
        const message = errorMessage(error);
        const reason = /sha256/.test(message) ? `refused (checksum): ${message}` : message;
        this.refuse(source, reason);
      }
    }
    for (const { name } of list) {
      const match = name === undefined ? null : /^(.+)-(\d+)$/.exec(name);
      if (!match || !this.models.has(name!)) continue;
      let numbered = this.versions.get(match[1]);
      if (!numbered) this.versions.set(match[1], numbered = new Map());
      numbered.set(String(Number(match[2])), name!);
    }
  }

  /** Records and logs a model that could not be loaded. */
  private refuse(source: string, reason: string): void {
    warn(`serve: model at ${source} not loaded: ${reason}`);
    // /health shows this without auth: folders as given relative to the models folder or the
    // config, never the server's absolute paths.
    const shown = (text: string) =>
      this.roots.reduce((t, [root, name]) => t.split(root).join(name), text);
    this.refused.push({ source: shown(source), reason: shown(reason) });
  }

  /** Absolute folders and how /health names them. */
  private roots: [string, string][] = [];

  /** Frees every model's weights. */
  dispose(): void {
    for (const m of this.models.values()) m.model.dispose();
    this.models.clear();
  }
}
