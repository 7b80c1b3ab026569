/**
 * `deno task bench serve --target edge`: the same checkpoint served by workerd (the edge
 * bundle of `deno task edge build`: one thread, no batching, see src/edge/worker.ts) and by
 * `deno task serve` (its kernel thread pool, dynamic batching up to 32 rows), loaded in alternating segments
 * by the same autocannon client so that both see the same background load. Reports requests/s,
 * p50/p99 and server CPU per request for each, the edge/Deno ratios, and each process's peak
 * resident memory. The bundle is built in a temporary folder (the bench task may write there
 * only); workerd runs through src/edge/workerd.ts's launcher, which stops it with the bench.
 *
 * @module
 */
import { tf } from "../src/backend/tf.ts";
import { buildEdge } from "../src/edge/build.ts";
import { workerdConfig } from "../src/edge/config.ts";
import { startWorkerd } from "../src/edge/workerd.ts";
import { saveCheckpoint } from "../src/io/checkpoint.ts";
import { buildFramePredictor, type FramePredictorConfig } from "../src/models/mod.ts";
import { log } from "../src/util/log.ts";
import {
  checkAnswer,
  describe,
  type LoadResult,
  merge,
  requestBodies,
  type Segment,
  segment,
  type Server,
  startServer,
} from "./serve.ts";

/** Rows per predict batch of `deno task serve` (its default; the edge worker predicts alone). */
const MAX_BATCH = 32;

/** Peak resident memory of process `pid` in MiB (/proc VmHWM, read through `cat`), or null. */
function peakRssMiBOf(pid: number): number | null {
  try {
    const out = new Deno.Command("cat", { args: [`/proc/${pid}/status`], stderr: "null" })
      .outputSync();
    const kb = /VmHWM:\s+(\d+) kB/.exec(new TextDecoder().decode(out.stdout));
    return kb ? Math.round(Number(kb[1]) / 1024 * 10) / 10 : null;
  } catch {
    return null;
  }
}

/**
 * Peak RSS in MiB of the same workerd serving a worker that does nothing, after one request:
 * the runtime's own share, which Cloudflare's 128 MB per-isolate limit does not count.
 */
async function emptyWorkerPeakMiB(dir: string): Promise<number | null> {
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(
    `${dir}/worker.js`,
    'export default { fetch() { return new Response("{}"); } };\n',
  );
  const config = workerdConfig({ worker: "worker.js", wasm: [], data: [], fetchHosts: [] });
  await Deno.writeTextFile(`${dir}/config.capnp`, config);
  const empty = await startWorkerd(dir);
  try {
    const peak = empty.peakRssMiB();
    return peak === null ? null : Math.round(peak * 10) / 10;
  } finally {
    await empty.stop();
  }
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * Runs the edge comparison for a frame predictor of `config` and returns the figures that
 * `deno task bench serve --target edge --json` prints.
 *
 * @example
 * ```ts ignore
 * const figures = await benchEdge(CONFIG, "json", 32, 10);
 * ```
 */
export async function benchEdge(
  config: FramePredictorConfig,
  which: string,
  connections: number,
  duration: number,
): Promise<Record<string, unknown>> {
  const dir = await Deno.makeTempDir({ prefix: "bench-serve-edge-" });
  const servers: Server[] = [];
  const workerdPids: number[] = [];
  try {
    const model = buildFramePredictor(config, 1);
    await saveCheckpoint(`${dir}/models/bench`, model, {
      name: "bench",
      description: "bench frame-predictor",
      config: { ...config },
      seed: 1,
    });
    const shape = [1, config.frames, config.size, config.size, 1];
    const x = tf.tidy(() => tf.randomUniform(shape, 0, 1, "float32", 7));
    const y = model.predict(x) as tf.Tensor;
    const expected = (await y.data()) as Float32Array;
    // the edge server has no /v2 benchmark here
    const bodies = (await requestBodies(x, which)).filter((b) => b.format !== "v2");
    if (bodies.length === 0) throw new Error(`--target edge benchmarks json and npy, not ${which}`);
    tf.dispose([x, y]);
    model.dispose();

    await buildEdge({
      models: [`${dir}/models`],
      out: `${dir}/edge`,
      name: "prevision-bench",
      port: 8787,
      vars: {},
    });
    const results: Record<string, unknown> = {};
    const peaks: { deno: number | null; workerd: number | null }[] = [];
    let health: { backend?: string; kernels?: unknown } = {};
    let errors = 0;
    for (const body of bodies) {
      // Fresh servers for each body, as in the Deno bench: one format's load does not carry
      // into the next's figures (nor the worker's memory).
      servers.push(await startServer(`${dir}/models`, MAX_BATCH));
      const workerd = await startWorkerd(`${dir}/edge`);
      workerdPids.push(workerd.pid);
      servers.push(workerd);
      health = await (await fetch(`${workerd.base}/health`)).json();
      if ((health as { status?: string }).status !== "ok") {
        throw new Error(`workerd /health: ${JSON.stringify(health)}`);
      }
      for (const s of servers) await checkAnswer(s, body, expected);
      log(
        `bench serve --target edge (${body.format} body of ${body.bytes.length} B): ` +
          `${connections} connections × ${duration} s each`,
      );
      const rounds = Math.max(1, Math.round(duration / 3));
      const parts: (Segment & { cpuMs: number | null })[][] = [[], []];
      for (let r = 0; r < rounds; r++) {
        for (const k of r % 2 ? [1, 0] : [0, 1]) {
          parts[k].push(await segment(servers[k], body, connections, duration / rounds));
        }
      }
      const [deno, edge]: LoadResult[] = parts.map((p) => merge(p, duration, undefined));
      log(describe("deno task serve", deno));
      log(describe("workerd (edge) ", edge));
      // Throughput in answered (2xx) requests: an error answers faster than a prediction.
      const okPerSecond = (r: LoadResult) => (r.requests - r.non2xx) / duration;
      const ratio = {
        throughput: round2(okPerSecond(edge) / okPerSecond(deno)),
        p50: round2(edge.p50ms / deno.p50ms),
        p99: round2(edge.p99ms / deno.p99ms),
        cpuPerRequest: edge.serverCpuMsPerRequest && deno.serverCpuMsPerRequest
          ? round2(edge.serverCpuMsPerRequest / deno.serverCpuMsPerRequest)
          : undefined,
      };
      log(
        `  edge / deno: 2xx throughput ${ratio.throughput}×, p50 ${ratio.p50}×, ` +
          `p99 ${ratio.p99}×` +
          (ratio.cpuPerRequest ? `, server CPU per request ${ratio.cpuPerRequest}×` : ""),
      );
      errors += [deno, edge].reduce((n, r) => n + r.errors + r.non2xx + r.timeouts, 0);
      const peak = { deno: peakRssMiBOf(servers[0].pid), workerd: peakRssMiBOf(workerd.pid) };
      peaks.push(peak);
      log(`  peak RSS: deno task serve ${peak.deno} MiB, workerd ${peak.workerd} MiB`);
      results[body.format] = { bodyBytes: body.bytes.length, deno, edge, ratio, peakRssMiB: peak };
      for (const s of servers.splice(0)) await s.stop();
    }
    const emptyWorkerd = await emptyWorkerPeakMiB(`${dir}/empty`);
    const workerdPeak = Math.max(...peaks.map((p) => p.workerd ?? NaN));
    const worker = Number.isFinite(workerdPeak) && emptyWorkerd !== null
      ? Math.round((workerdPeak - emptyWorkerd) * 10) / 10
      : null;
    log(
      `  workerd peak RSS ${workerdPeak} MiB; an empty worker ${emptyWorkerd} MiB, ` +
        `so the worker's own ${worker} MiB`,
    );
    const loadavg = Deno.loadavg();
    log(`  machine load average (1/5/15 min): ${loadavg.map((v) => v.toFixed(1)).join(" / ")}`);
    return {
      target: "edge",
      model: "frame-predictor",
      config,
      connections,
      duration,
      maxBatch: { deno: MAX_BATCH, edge: 1 },
      edgeBackend: { backend: health.backend, kernels: health.kernels },
      ...results,
      memory: { workerdPeakMiB: workerdPeak, emptyWorkerdMiB: emptyWorkerd, workerMiB: worker },
      errors,
      loadavg,
    };
  } finally {
    for (const s of servers) await s.stop();
    for (const pid of workerdPids) {
      if (peakRssMiBOf(pid) !== null) {
        log(`  warning: workerd (pid ${pid}) still runs after stop()`);
      }
    }
    await Deno.remove(dir, { recursive: true });
  }
}
