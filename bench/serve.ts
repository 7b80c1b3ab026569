/**
 * `deno task bench serve [--json]`: load test of POST /v1/models/:name/predict (JSON and
 * `.npy`) and POST /v2/models/:name/infer with and without dynamic batching. Builds a small frame predictor, saves it as a checkpoint, starts
 * the server in a subprocess on 127.0.0.1 (first with --max-batch 1, then batched), drives
 * it with autocannon (32 connections, 30 s by default, in alternating 3 s segments so that
 * both servers see the same background load) and reports requests/s, p50/p99
 * latency, errors and the batched/unbatched throughput ratio. Only loopback is targeted.
 * Diagnostics beside the headline figures: each server's CPU time per request (robust to
 * other load) and `model.predict` alone for 1 row vs 32 rows in-process, the ratio batching
 * could reach if HTTP cost nothing (bench/_serve_probe.ts). `--target edge`: the same model in
 * workerd against `deno task serve` instead (bench/_serve_edge.ts).
 */
import { V8_FLAGS } from "../src/backend/v8_flags.ts";
import autocannon from "autocannon";
import { Buffer } from "node:buffer";
import { choiceFlag, type Command, numberFlag } from "../src/cli/command.ts";
import { encodeNpy, readNpy } from "../src/io/npy.ts";
import { tf } from "../src/backend/tf.ts";
import { buildFramePredictor, type FramePredictorConfig } from "../src/models/mod.ts";
import { saveCheckpoint } from "../src/io/checkpoint.ts";
import { guardSocketDir, permissionFlags } from "../src/serve/_permissions.ts";
import { parseServeArgs } from "../src/serve/options/mod.ts";
import { log } from "../src/util/log.ts";
import { predictCost, processCpuMsOf } from "./_serve_probe.ts";

export const CONFIG: FramePredictorConfig = {
  cell: "rnn",
  channels: 8,
  kernel: 3,
  size: 16,
  frames: 4,
  layers: 3,
};

/** A conv next-frame model without recurrence (frames as channels), for comparison. */
function convModel(config: FramePredictorConfig): tf.LayersModel {
  const { frames, size } = config;
  const m = tf.sequential();
  m.add(
    tf.layers.reshape({ targetShape: [frames, size, size], inputShape: [frames, size, size, 1] }),
  );
  m.add(tf.layers.permute({ dims: [2, 3, 1] }));
  for (const filters of [16, 16]) {
    m.add(
      tf.layers.conv2d({
        filters,
        kernelSize: 3,
        padding: "same",
        activation: "relu",
        kernelInitializer: tf.initializers.glorotUniform({ seed: filters }),
      }),
    );
  }
  m.add(
    tf.layers.conv2d({
      filters: 1,
      kernelSize: 3,
      padding: "same",
      activation: "sigmoid",
      kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }),
    }),
  );
  return m;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50ms: number;
  p99ms: number;
  requests: number;
  errors: number;
  non2xx: number;
  timeouts: number;
  meanBatchRows?: number;
  /** Server CPU time (all threads) per answered request, where /proc tells it. */
  serverCpuMsPerRequest?: number;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

async function waitReady(base: string, child: Deno.ChildProcess): Promise<void> {
  const until = Date.now() + 120_000;
  let exited = false;
  child.status.then(() => exited = true);
  while (Date.now() < until && !exited) {
    try {
      const res = await fetch(`${base}/ready`);
      await res.body?.cancel();
      if (res.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("server did not become ready");
}

async function meanBatch(base: string): Promise<number | undefined> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const sum = /prevision_predict_batch_size_sum\{model="[^"]+"\} ([\d.e+]+)/.exec(text);
  const count = /prevision_predict_batch_size_count\{model="[^"]+"\} (\d+)/.exec(text);
  return sum && count ? Number(sum[1]) / Number(count[1]) : undefined;
}

/** One request body, in one of the formats the server accepts. */
export interface Body {
  format: "json" | "npy" | "v2";
  type: string;
  bytes: Uint8Array;
  /** The route: /v1 predict, or the Open Inference Protocol V2's infer. */
  path: string;
}

export const V1_PATH = "/v1/models/bench/predict";
const V2_PATH = "/v2/models/bench/infer";

function outputsOf(format: Body["format"], bytes: Uint8Array): Float32Array {
  if (format === "npy") return readNpy(bytes).data as Float32Array;
  const json = JSON.parse(new TextDecoder().decode(bytes));
  if (format === "v2") return Float32Array.from(json.outputs[0].data as number[]);
  return Float32Array.from((json.outputs as number[]).flat(4) as number[]);
}

/** The request bodies of one input `x` for `which` format (json, npy, v2 or both: all three). */
export async function requestBodies(x: tf.Tensor, which: string): Promise<Body[]> {
  const values = (await x.data()) as Float32Array;
  const bodies: Body[] = [];
  const all = which === "both";
  if (all || which === "json") {
    const text = JSON.stringify({ inputs: await x.array() });
    bodies.push({
      format: "json",
      type: "application/json",
      bytes: new TextEncoder().encode(text),
      path: V1_PATH,
    });
  }
  if (all || which === "npy") {
    bodies.push({
      format: "npy",
      type: "application/x-npy",
      bytes: encodeNpy(values, x.shape),
      path: V1_PATH,
    });
  }
  if (all || which === "v2") {
    const input = { name: "input", shape: x.shape, datatype: "FP32", data: Array.from(values) };
    bodies.push({
      format: "v2",
      type: "application/json",
      bytes: new TextEncoder().encode(JSON.stringify({ inputs: [input] })),
      path: V2_PATH,
    });
  }
  return bodies;
}

/** A server subprocess on a free loopback port. */
export interface Server {
  base: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startServer(dir: string, maxBatch: number): Promise<Server> {
  const port = freePort();
  const argv = [
    "--port",
    String(port),
    "--models",
    dir,
    "--max-batch",
    String(maxBatch),
    "--backend",
    "wasm",
  ];
  // As deno task serve runs it: behind the slow-client guard.
  const args = parseServeArgs(argv);
  const socketDir = guardSocketDir(args);
  const flags = await permissionFlags(args, socketDir);
  const main = new URL("../src/serve/main.ts", import.meta.url).pathname;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...V8_FLAGS, ...flags, main, ...argv],
    env: socketDir ? { PREVISION_SOCKET_DIR: socketDir } : {},
    stdout: "null",
    stderr: "null",
  }).spawn();
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    child.kill("SIGTERM");
    await child.status;
  };
  try {
    await waitReady(base, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return { base, pid: child.pid, stop };
}

export async function checkAnswer(
  server: Server,
  body: Body,
  expected: Float32Array,
): Promise<void> {
  const res = await fetch(`${server.base}${body.path}`, {
    method: "POST",
    headers: { "content-type": body.type },
    body: body.bytes as Uint8Array<ArrayBuffer>,
  });
  const got = outputsOf(body.format, new Uint8Array(await res.arrayBuffer()));
  const maxDiff = got.reduce((m, v, i) => Math.max(m, Math.abs(v - expected[i])), 0);
  if (got.length !== expected.length || maxDiff > 0) {
    throw new Error(`server prediction differs from the library's (max |Δ| ${maxDiff})`);
  }
}

export type Segment = Awaited<ReturnType<typeof autocannon>>;

export async function segment(
  server: Server,
  body: Body,
  connections: number,
  seconds: number,
): Promise<Segment & { cpuMs: number | null }> {
  const before = processCpuMsOf(server.pid);
  const result = await autocannon({
    url: `${server.base}${body.path}`,
    method: "POST",
    headers: { "content-type": body.type },
    body: Buffer.from(body.bytes),
    connections,
    duration: seconds,
  });
  const after = processCpuMsOf(server.pid);
  return { ...result, cpuMs: before === null || after === null ? null : after - before };
}

/** Merges segments: throughput over the total time, p50 request-weighted, p99 the worst. */
export function merge(
  parts: (Segment & { cpuMs: number | null })[],
  seconds: number,
  meanBatchRows: number | undefined,
): LoadResult {
  const requests = parts.reduce((n, p) => n + p.requests.total, 0);
  const cpu = parts.every((p) => p.cpuMs !== null)
    ? parts.reduce((n, p) => n + p.cpuMs!, 0) / Math.max(1, requests)
    : undefined;
  return {
    requestsPerSecond: requests / seconds,
    p50ms: Math.round(
      parts.reduce((n, p) => n + p.latency.p50 * p.requests.total, 0) / Math.max(1, requests) *
        10,
    ) / 10,
    p99ms: Math.max(...parts.map((p) => p.latency.p99)),
    requests,
    errors: parts.reduce((n, p) => n + p.errors, 0),
    non2xx: parts.reduce((n, p) => n + p.non2xx, 0),
    timeouts: parts.reduce((n, p) => n + p.timeouts, 0),
    meanBatchRows,
    serverCpuMsPerRequest: cpu === undefined ? undefined : Math.round(cpu * 1000) / 1000,
  };
}

/**
 * Loads the unbatched and the batched server in alternating segments, so that both see the
 * same background load on a shared machine, for `duration` seconds each in total.
 */
async function compare(
  dir: string,
  body: Body,
  expected: Float32Array,
  connections: number,
  duration: number,
): Promise<{ unbatched: LoadResult; batched: LoadResult }> {
  const servers = [await startServer(dir, 1), await startServer(dir, 32)];
  try {
    for (const s of servers) await checkAnswer(s, body, expected);
    const rounds = Math.max(1, Math.round(duration / 3));
    const seconds = duration / rounds;
    const parts: (Segment & { cpuMs: number | null })[][] = [[], []];
    for (let round = 0; round < rounds; round++) {
      for (const k of round % 2 ? [1, 0] : [0, 1]) {
        parts[k].push(await segment(servers[k], body, connections, seconds));
      }
    }
    return {
      unbatched: merge(parts[0], duration, await meanBatch(servers[0].base)),
      batched: merge(parts[1], duration, await meanBatch(servers[1].base)),
    };
  } finally {
    for (const s of servers) await s.stop();
  }
}

export function describe(name: string, r: LoadResult): string {
  const batch = r.meanBatchRows === undefined ? "" : `, mean batch ${r.meanBatchRows.toFixed(1)}`;
  const cpu = r.serverCpuMsPerRequest === undefined
    ? ""
    : `, server CPU ${r.serverCpuMsPerRequest} ms/request`;
  return `  ${name}: ${
    r.requestsPerSecond.toFixed(1)
  } req/s, p50 ${r.p50ms} ms, p99 ${r.p99ms} ms, ` +
    `errors ${r.errors + r.non2xx + r.timeouts}${batch}${cpu}`;
}

/** The serve benchmark. */
export const command: Command = {
  name: "serve",
  summary: "Load-test predict with and without dynamic batching (autocannon, 127.0.0.1).",
  flags: {
    connections: { type: "string", description: "concurrent connections (default 32)" },
    duration: { type: "string", description: "seconds per run (default 30)" },
    model: { type: "string", description: "frame-predictor (default) | conv" },
    format: {
      type: "string",
      description: "request: json | npy (/v1 predict), v2 (/v2 infer) | both: all three (default)",
    },
    size: { type: "string", description: "frame size (default 16; deno task train writes 32)" },
    frames: { type: "string", description: "input frames (default 4; deno task train writes 6)" },
    channels: { type: "string", description: "channels per recurrent layer (default 8)" },
    target: { type: "string", description: "deno (default) | edge: workerd vs deno task serve" },
  },
  needsBackend: true,
  async run(flags) {
    const connections = numberFlag(flags, "connections", 32, { min: 1, max: 1024, integer: true });
    const duration = numberFlag(flags, "duration", 30, { min: 1, max: 600, integer: true });
    const kind = choiceFlag(
      flags,
      "model",
      ["frame-predictor", "conv"] as const,
      "frame-predictor",
    );
    const which = choiceFlag(flags, "format", ["json", "npy", "v2", "both"] as const, "both");
    const config: FramePredictorConfig = {
      ...CONFIG,
      size: numberFlag(flags, "size", CONFIG.size, { min: 4, max: 128, integer: true }),
      frames: numberFlag(flags, "frames", CONFIG.frames, { min: 1, max: 32, integer: true }),
      channels: numberFlag(flags, "channels", CONFIG.channels, { min: 1, max: 64, integer: true }),
    };
    if (choiceFlag(flags, "target", ["deno", "edge"] as const, "deno") === "edge") {
      return await (await import("./_serve_edge.ts")).benchEdge(
        config,
        which,
        connections,
        duration,
      );
    }
    const dir = await Deno.makeTempDir({ prefix: "bench-serve-" });
    try {
      const model = kind === "conv" ? convModel(config) : buildFramePredictor(config, 1);
      await saveCheckpoint(`${dir}/bench`, model, {
        name: "bench",
        description: `bench ${kind}`,
        config: { ...config },
        seed: 1,
      });
      const shape = [1, config.frames, config.size, config.size, 1];
      const x = tf.tidy(() => tf.randomUniform(shape, 0, 1, "float32", 7));
      const y = model.predict(x) as tf.Tensor;
      const expected = (await y.data()) as Float32Array;
      const bodies = await requestBodies(x, which);
      tf.dispose([x, y]);
      // what batching can give at most: predict alone, 1 row vs a full batch, no HTTP
      const cost = predictCost(model, shape.slice(1), 32);
      model.dispose();
      log(
        `model alone (${tf.getBackend()}, in-process): 1 row ${cost.singleRowMs} ms, ` +
          `${cost.batchRows} rows ${cost.batchPerRowMs} ms/row → batching ceiling ${cost.ceiling}×`,
      );
      const results: Record<string, unknown> = {};
      let errors = 0;
      for (const body of bodies) {
        log(
          `bench serve (${kind}, ${body.format} body of ${body.bytes.length} B): ${connections} connections × ${duration} s`,
        );
        const { unbatched, batched } = await compare(dir, body, expected, connections, duration);
        log(describe("unbatched", unbatched));
        log(describe("batched  ", batched));
        const speedup = batched.requestsPerSecond / unbatched.requestsPerSecond;
        log(`  batching speed-up: ${speedup.toFixed(2)}×`);
        const cpuRatio = unbatched.serverCpuMsPerRequest && batched.serverCpuMsPerRequest
          ? Math.round(unbatched.serverCpuMsPerRequest / batched.serverCpuMsPerRequest * 100) / 100
          : undefined;
        if (cpuRatio) log(`  server CPU per request, unbatched / batched: ${cpuRatio}×`);
        errors += [batched, unbatched].reduce((n, r) => n + r.errors + r.non2xx + r.timeouts, 0);
        results[body.format] = {
          bodyBytes: body.bytes.length,
          unbatched,
          batched,
          speedup,
          cpuRatio,
        };
      }
      const loadavg = Deno.loadavg();
      log(`  machine load average (1/5/15 min): ${loadavg.map((v) => v.toFixed(1)).join(" / ")}`);
      return {
        model: kind,
        config,
        connections,
        duration,
        predictCost: cost,
        ...results,
        errors,
        loadavg,
      };
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
};
