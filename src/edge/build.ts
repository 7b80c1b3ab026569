/**
 * `deno task edge build [--models DIR|URL …] [--out dist/edge] [--var PREVISION_X=V …]`:
 * bundles the inference server (./worker.ts) into one ES module with `deno bundle`, writes
 * every WASM module it uses as a `.wasm` file the host declares (tfjs's SIMD binary and our
 * kernels), the models' files as data modules (a folder's checkpoints) or pins the sha256 of
 * their manifest (a URL), and generates `config.capnp` (workerd) and `wrangler.toml`
 * (Cloudflare). The folder is written beside its final place and renamed into it.
 *
 * @module
 */
import { basename } from "node:path";
import { wasmBytes as convRnn } from "../../kernels/generated/conv_rnn.ts";
import { wasmBytes as layout } from "../../kernels/generated/layout.ts";
import { wasmBytes as convThreads } from "../../kernels/generated/conv_threads.ts";
import { wasmBytes as convThreadsSimd } from "../../kernels/generated/conv_threads_simd.ts";
import { wasmBytes as wavesTeh } from "../../kernels/generated/waves_teh.ts";
import { wasmBytes as wavesLansdell } from "../../kernels/generated/waves_lansdell.ts";
import { wasmBytes as wavesGodfrey } from "../../kernels/generated/waves_godfrey.ts";
import { sha256Hex } from "../io/mod.ts";
import { findCheckpoints } from "../serve/sources/mod.ts";
import { InputError } from "../util/errors.ts";
import { type BundleFiles, workerdConfig, wranglerToml } from "./config.ts";

/** Our kernels the server compiles: generated module (kernels/generated/NAME.ts) → bytes. */
export const EDGE_KERNELS: Readonly<Record<string, Uint8Array>> = {
  conv_rnn: convRnn,
  layout,
  conv_threads: convThreads,
  conv_threads_simd: convThreadsSimd,
  waves_teh: wavesTeh,
  waves_lansdell: wavesLansdell,
  waves_godfrey: wavesGodfrey,
};

/** tfjs's single-threaded SIMD binary (the one the edge worker runs). */
const TFJS_WASM = "tfjs-backend-wasm-simd.wasm";
const TFJS_DIST = "registry.npmjs.org/@tensorflow/tfjs-backend-wasm/4.22.0/dist";
const FILES = ["manifest.json", "model.json", "weights.bin", "optimizer.bin"];
const ROOT = new URL("../../", import.meta.url);
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** What to build. */
export interface EdgeBuildOptions {
  /** Model folders (every checkpoint below each) and checkpoint URLs. */
  models: string[];
  /** Output folder. */
  out: string;
  /** Worker name in wrangler.toml. */
  name: string;
  /** workerd's port in config.capnp. */
  port: number;
  /** Text bindings written into both configs (`--var NAME=VALUE`): server settings. */
  vars: Record<string, string>;
  /**
   * Declare our kernels to the host (default). False only for the edge test's control: a
   * bundle whose kernels are compiled at run time, which workerd must refuse.
   */
  declareKernels?: boolean;
}

/** Parses `build [--models X]… [--out DIR] [--name N] [--port N]`; throws InputError. */
export function parseEdgeArgs(argv: string[]): EdgeBuildOptions {
  const [command, ...rest] = argv;
  if (command !== "build") {
    throw new InputError(`usage: deno task edge build [--models DIR|URL]… [--out DIR]`);
  }
  const options: EdgeBuildOptions = {
    models: [],
    out: "dist/edge",
    name: "prevision",
    port: 8787,
    vars: {},
  };
  for (let i = 0; i < rest.length; i++) {
    const [flag, inline] = rest[i].split(/=(.*)/s, 2);
    const value = inline ?? rest[++i];
    if (value === undefined) throw new InputError(`${flag} needs a value`);
    if (flag === "--models") options.models.push(value);
    else if (flag === "--out") options.out = value;
    else if (flag === "--name") options.name = value;
    else if (flag === "--var") {
      const match = /^(PREVISION_[A-Z_]+)=(.*)$/s.exec(value);
      if (!match) throw new InputError(`--var takes PREVISION_NAME=VALUE, got '${value}'`);
      options.vars[match[1]] = match[2];
    } else if (flag === "--port") {
      options.port = Number(value);
      if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535) {
        throw new InputError(`--port must be an integer in 1..65535, got '${value}'`);
      }
    } else throw new InputError(`unknown flag ${flag}`);
  }
  if (!/^[a-z0-9-]{1,63}$/.test(options.name)) {
    throw new InputError(`--name must be lower-case letters, digits and -, got '${options.name}'`);
  }
  return options;
}

async function npmCache(): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json"],
    stdout: "piped",
    stderr: "null",
  }).output();
  return JSON.parse(new TextDecoder().decode(out.stdout)).npmCache;
}

/** A model entry of the generated entry module (JS source). */
type ModelEntry = { name: string; url?: string; manifestSha256?: string; files?: string[] };

async function collectModels(sources: string[], stage: string): Promise<ModelEntry[]> {
  const entries: ModelEntry[] = [];
  const taken = new Set<string>();
  const claim = (name: string, from: string) => {
    if (!NAME.test(name)) throw new InputError(`${from}: '${name}' is not a valid model name`);
    if (taken.has(name)) throw new InputError(`${from}: duplicate model name '${name}'`);
    taken.add(name);
  };
  for (const source of sources) {
    if (/^https?:\/\//i.test(source)) {
      const url = source.replace(/\/+$/, "");
      const response = await fetch(`${url}/manifest.json`).catch((error) => {
        throw new InputError(`--models ${url}: cannot fetch manifest.json (${error.message})`);
      });
      if (!response.ok) {
        throw new InputError(`--models ${url}/manifest.json: HTTP ${response.status}`);
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      const name = String(JSON.parse(new TextDecoder().decode(bytes)).name ?? basename(url));
      claim(name, source);
      entries.push({ name, url, manifestSha256: await sha256Hex(bytes) });
      continue;
    }
    let found;
    try {
      found = await findCheckpoints(source);
    } catch (error) {
      throw new InputError(`--models ${source}: cannot be read (${(error as Error).message})`);
    }
    if (found.length === 0) throw new InputError(`--models ${source}: no checkpoint below it`);
    for (const { name: given, source: dir } of found) {
      const manifest = JSON.parse(await Deno.readTextFile(`${dir}/manifest.json`));
      const name = given ?? String(manifest.name ?? basename(dir));
      claim(name, dir);
      const files: string[] = [];
      await Deno.mkdir(`${stage}/edge-models/${name}`, { recursive: true });
      for (const file of FILES) {
        try {
          await Deno.copyFile(`${dir}/${file}`, `${stage}/edge-models/${name}/${file}`);
          files.push(file);
        } catch (error) {
          if (!(error instanceof Deno.errors.NotFound)) throw error;
        }
      }
      entries.push({ name, files });
    }
  }
  return entries;
}

/** The entry module: declare our kernels first (some compile at import), then the worker. */
function entrySources(
  models: ModelEntry[],
  declareKernels: boolean,
): { declare: string; entry: string } {
  const src = (path: string) => JSON.stringify(new URL(path, ROOT).href);
  const kernels = Object.keys(EDGE_KERNELS);
  const declare = [
    `import { declareWasmModule } from ${src("src/backend/wasm_modules.ts")};`,
    ...kernels.flatMap((k, i) => [
      `import { wasmBytes as b${i} } from ${src(`kernels/generated/${k}.ts`)};`,
      `import m${i} from "./kernels/${k}.wasm";`,
    ]),
    ...kernels.map((_, i) => `${declareKernels ? "" : "// "}declareWasmModule(b${i}, m${i});`),
  ].join("\n");
  const lines = [
    `import "./_declare.js";`,
    `import { edgeWorker } from ${src("src/edge/worker.ts")};`,
    `import tfjsWasm from "./${TFJS_WASM}";`,
  ];
  const specs: string[] = [];
  models.forEach((m, i) => {
    if (m.url) {
      specs.push(JSON.stringify({ name: m.name, url: m.url, manifestSha256: m.manifestSha256 }));
      return;
    }
    const files = m.files!.map((f, j) => {
      lines.push(`import d${i}_${j} from "./edge-models/${m.name}/${f}";`);
      return `${JSON.stringify(f)}: d${i}_${j}`;
    });
    specs.push(`{ name: ${JSON.stringify(m.name)}, files: { ${files.join(", ")} } }`);
  });
  lines.push(`export default edgeWorker({ tfjsWasm, models: [${specs.join(", ")}] });`);
  return { declare, entry: lines.join("\n") + "\n" };
}

/** Builds the bundle into `options.out`; returns the files it declared. */
export async function buildEdge(options: EdgeBuildOptions): Promise<BundleFiles> {
  const out = options.out.replace(/\/+$/, "");
  const stage = `${out}.tmp-${Deno.pid}`;
  await Deno.remove(stage, { recursive: true }).catch(() => {});
  await Deno.mkdir(`${stage}/kernels`, { recursive: true });
  try {
    const models = await collectModels(options.models, stage);
    for (const [name, bytes] of Object.entries(EDGE_KERNELS)) {
      await Deno.writeFile(`${stage}/kernels/${name}.wasm`, bytes);
    }
    await Deno.copyFile(`${await npmCache()}/${TFJS_DIST}/${TFJS_WASM}`, `${stage}/${TFJS_WASM}`);
    const { declare, entry } = entrySources(models, options.declareKernels ?? true);
    await Deno.writeTextFile(`${stage}/_declare.js`, declare);
    await Deno.writeTextFile(`${stage}/_entry.js`, entry);
    const bundled = await new Deno.Command(Deno.execPath(), {
      args: [
        "bundle",
        "--platform=browser",
        "--minify",
        "--config",
        new URL("deno.json", ROOT).pathname,
        "--external=*.wasm",
        "--external=./edge-models/*",
        "-o",
        `${stage}/worker.js`,
        `${stage}/_entry.js`,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!bundled.success) {
      throw new Error(
        `deno bundle failed:\n${new TextDecoder().decode(bundled.stderr).slice(-3000)}`,
      );
    }
    await Deno.remove(`${stage}/_declare.js`);
    await Deno.remove(`${stage}/_entry.js`);
    const files: BundleFiles = {
      worker: "worker.js",
      wasm: [TFJS_WASM, ...Object.keys(EDGE_KERNELS).map((k) => `kernels/${k}.wasm`)],
      data: models.flatMap((m) => (m.files ?? []).map((f) => `edge-models/${m.name}/${f}`)),
      fetchHosts: models.flatMap((m) => (m.url ? [new URL(m.url).host] : [])),
      vars: options.vars,
    };
    await Deno.writeTextFile(`${stage}/config.capnp`, workerdConfig(files, options.port));
    await Deno.writeTextFile(`${stage}/wrangler.toml`, wranglerToml(options.name, files));
    await Deno.remove(out, { recursive: true }).catch(() => {});
    await Deno.rename(stage, out);
    return files;
  } catch (error) {
    await Deno.remove(stage, { recursive: true }).catch(() => {});
    throw error;
  }
}

if (import.meta.main) {
  try {
    const options = parseEdgeArgs(Deno.args);
    const files = await buildEdge(options);
    console.error(
      `edge: built ${options.out} (${files.wasm.length} wasm modules, ${files.data.length} model files); ` +
        `run: cd ${options.out} && deno run -A npm:workerd@1.20261117.1 serve config.capnp`,
    );
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    console.error(`error: ${error.message}`);
    Deno.exit(2);
  }
}
