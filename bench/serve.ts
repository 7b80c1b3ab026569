/**
 * `deno task bench serve [--json]`: load test of POST /v1/models/:name/predict with and
 * without dynamic batching. Builds a small frame predictor, saves it as a checkpoint, starts
 * the server in a subprocess on 127.0.0.1 (first with --max-batch 1, then batched), drives
 * it with autocannon (32 connections, 30 s by default) and reports requests/s, p50/p99
 * latency, errors and the batched/unbatched throughput ratio. Only loopback is targeted.
 */
import autocannon from "autocannon";
import { type Command, numberFlag } from "../src/cli/command.ts";
import { tf } from "../src/backend/tf.ts";
import { buildFramePredictor, type FramePredictorConfig } from "../src/models/index.ts";
import { saveCheckpoint } from "../src/train/checkpoint.ts";
import { permissionFlags } from "../src/serve/_permissions.ts";
import { parseServeArgs } from "../src/serve/options/index.ts";
import { log } from "../src/util/log.ts";

const CONFIG: FramePredictorConfig = {
  cell: "rnn",
  channels: 8,
  kernel: 3,
  size: 16,
  frames: 4,
  layers: 3,
};

/** A conv next-frame model without recurrence (frames as channels), for comparison. */
function convModel(): tf.LayersModel {
  const { frames, size } = CONFIG;
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

interface LoadResult {
  requestsPerSecond: number;
  p50ms: number;
  p99ms: number;
  requests: number;
  errors: number;
  non2xx: number;
  timeouts: number;
  meanBatchRows?: number;
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

async function load(
  dir: string,
  body: string,
  expected: Float32Array,
  maxBatch: number,
  connections: number,
  duration: number,
): Promise<LoadResult> {
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
  const flags = await permissionFlags(parseServeArgs(argv));
  const main = new URL("../src/serve/main.ts", import.meta.url).pathname;
  const child = new Deno.Command("deno", {
    args: ["run", ...flags, main, ...argv],
    stdout: "null",
    stderr: "null",
  })
    .spawn();
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitReady(base, child);
    const url = `${base}/v1/models/bench/predict`;
    const check = await (await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    }))
      .json();
    const got = Float32Array.from((check.outputs as number[][][]).flat(2));
    const maxDiff = got.reduce((m, v, i) => Math.max(m, Math.abs(v - expected[i])), 0);
    if (maxDiff > 1e-5) {
      throw new Error(`server prediction differs from the library's by ${maxDiff}`);
    }
    const r = await autocannon({
      url,
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      connections,
      duration,
    });
    return {
      requestsPerSecond: r.requests.average,
      p50ms: r.latency.p50,
      p99ms: r.latency.p99,
      requests: r.requests.total,
      errors: r.errors,
      non2xx: r.non2xx,
      timeouts: r.timeouts,
      meanBatchRows: await meanBatch(base),
    };
  } finally {
    child.kill("SIGTERM");
    await child.status;
  }
}

/** The serve benchmark. */
export const command: Command = {
  name: "serve",
  summary: "Load-test predict with and without dynamic batching (autocannon, 127.0.0.1).",
  flags: {
    connections: { type: "string", description: "concurrent connections (default 32)" },
    duration: { type: "string", description: "seconds per run (default 30)" },
    model: { type: "string", description: "frame-predictor (default) | conv" },
  },
  needsBackend: true,
  async run(flags) {
    const connections = numberFlag(flags, "connections", 32, { min: 1, max: 1024, integer: true });
    const duration = numberFlag(flags, "duration", 30, { min: 1, max: 600, integer: true });
    const dir = await Deno.makeTempDir({ prefix: "bench-serve-" });
    try {
      const kind = flags.model === "conv" ? "conv" : "frame-predictor";
      const model = kind === "conv" ? convModel() : buildFramePredictor(CONFIG, 1);
      await saveCheckpoint(`${dir}/bench`, model, {
        name: "bench",
        description: "bench frame predictor",
        config: { ...CONFIG },
        seed: 1,
      });
      const x = tf.tidy(() =>
        tf.randomUniform([1, CONFIG.frames, CONFIG.size, CONFIG.size, 1], 0, 1, "float32", 7)
      );
      const expectedT = model.predict(x) as tf.Tensor;
      const expected = (await expectedT.data()) as Float32Array;
      const body = JSON.stringify({ inputs: await x.array() });
      tf.dispose([x, expectedT]);
      model.dispose();
      log(`bench serve: ${connections} connections × ${duration} s, body ${body.length} bytes`);
      const unbatched = await load(dir, body, expected, 1, connections, duration);
      log(
        `  unbatched: ${
          unbatched.requestsPerSecond.toFixed(1)
        } req/s, p50 ${unbatched.p50ms} ms, p99 ${unbatched.p99ms} ms`,
      );
      const batched = await load(dir, body, expected, 32, connections, duration);
      log(
        `  batched:   ${
          batched.requestsPerSecond.toFixed(1)
        } req/s, p50 ${batched.p50ms} ms, p99 ${batched.p99ms} ms, mean batch ${
          batched.meanBatchRows?.toFixed(1)
        }`,
      );
      const ratio = batched.requestsPerSecond / unbatched.requestsPerSecond;
      const errors = [batched, unbatched].reduce((n, r) => n + r.errors + r.non2xx + r.timeouts, 0);
      log(`  batching speed-up: ${ratio.toFixed(2)}×, errors ${errors}`);
      return {
        model: CONFIG,
        connections,
        duration,
        unbatched,
        batched,
        speedup: ratio,
        errors,
        bodyBytes: body.length,
      };
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
};
