/**
 * The inference server inside workerd (Cloudflare's Workers runtime, from npm): `deno task edge
 * build` bundles two checkpoints, workerd serves them on a loopback port, and the server's
 * contract holds there as under Deno — predictions equal the library's (JSON and .npy, on a
 * conv-RNN frame predictor that runs our kernels), `/v1/waves` equals `simulate waves` for the
 * same seed, the hostile-request set gets the same 4xx answers as `deno task serve`'s app, and
 * the worker process stays within 128 MB. workerd refuses to compile WASM at run time, so a
 * module that did would fail this test; the last step checks that on a bundle whose kernels
 * are left undeclared.
 */
import assert from "node:assert/strict";
import { tf } from "../../src/backend/tf.ts";
import { useBackend } from "../../src/backend/select.ts";
import { buildEdge } from "../../src/edge/build.ts";
import { workerdConfig } from "../../src/edge/config.ts";
import { startWorkerd, type Workerd, workerdBinary } from "../../src/edge/workerd.ts";
import { loadCheckpoint, saveCheckpoint } from "../../src/io/checkpoint.ts";
import { encodeNpy, readNpy } from "../../src/io/npy.ts";
import { buildFramePredictor } from "../../src/models/mod.ts";
import { runCliProcess } from "../_cli.ts";
import { requires } from "../_tools.ts";
import { setQuiet } from "../../src/util/log.ts";
import { tinyApp, tinyModel } from "../serve/_fixtures.ts";
import { AUTH, type Case, hostileCases, TOKEN } from "../serve/_hostile.ts";

const MEMORY_MIB = 128;
const FP = "/v1/models/frame-predictor/predict";

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length, "output lengths differ");
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Status and error code of a hostile case, against `base`. */
async function answer(base: string, c: Case): Promise<string> {
  const res = await fetch(base + c.path, {
    method: c.method ?? "POST",
    headers: { ...(c.noAuth ? {} : AUTH), ...(c.headers ?? {}) },
    body: c.body as BodyInit | undefined,
  });
  const text = await res.text();
  let code = "not-json";
  try {
    code = JSON.parse(text)?.error?.code ?? "no-code";
  } catch { /* kept as not-json */ }
  return `${res.status} ${code}`;
}

/** Peak RSS in MiB of workerd serving a worker that does nothing, after one request. */
async function emptyWorkerRss(binary: string, dir: string): Promise<number> {
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(
    `${dir}/worker.js`,
    'export default { fetch() { return new Response("{}"); } };\n',
  );
  const config = workerdConfig({ worker: "worker.js", wasm: [], data: [], fetchHosts: [] });
  await Deno.writeTextFile(`${dir}/config.capnp`, config);
  const empty = await startWorkerd(dir, binary);
  try {
    return empty.peakRssMiB() ?? 0;
  } finally {
    await empty.stop();
  }
}

async function post(base: string, path: string, body: BodyInit, type: string): Promise<Response> {
  return await fetch(base + path, {
    method: "POST",
    headers: { ...AUTH, "content-type": type },
    body,
  });
}

Deno.test({
  ...requires("edge: the inference server inside workerd keeps the server's contract", "workerd"),
  sanitizeResources: false,
  fn: async () => {
    const binary = workerdBinary()!;
    const tmp = await Deno.makeTempDir({ prefix: "edge-test-" });
    let workerd: Workerd | null = null;
    try {
      setQuiet(true);
      await useBackend("wasm");
      // Two checkpoints: the hostile set's 2×3 → 4 model, and a conv-RNN frame predictor.
      const tiny = tinyModel();
      await saveCheckpoint(`${tmp}/models/tiny`, tiny, {
        name: "tiny",
        description: "test",
        config: {},
        seed: 1,
      });
      tiny.dispose();
      const config = {
        cell: "rnn" as const,
        channels: 4,
        kernel: 3,
        size: 12,
        frames: 3,
        layers: 2,
      };
      const built = buildFramePredictor(config, 11);
      await saveCheckpoint(`${tmp}/models/frame-predictor`, built, {
        name: "frame-predictor",
        description: "next frame",
        config,
        seed: 11,
      });
      built.dispose();
      const out = `${tmp}/edge`;
      await buildEdge({
        models: [`${tmp}/models`],
        out,
        name: "prevision-test",
        port: 8787,
        vars: { PREVISION_TOKEN: TOKEN, PREVISION_BODY_LIMIT: String(1 << 20) },
      });
      workerd = await startWorkerd(out, binary);
      const base = workerd.base;

      // /health: the wasm backend with our kernels, one thread, and what the build leaves out.
      const health = await (await fetch(`${base}/health`)).json();
      assert.equal(health.backend, "wasm", JSON.stringify(health));
      assert.deepEqual(health.models.sort(), ["frame-predictor", "tiny"]);
      assert.equal(health.kernels.registered, true);
      assert.equal(health.kernels.threads, 1);
      for (const left of ["threads", "ffmpeg", "training"]) {
        assert.ok(health.omitted.some((o: string) => o.startsWith(left)), `omitted: ${left}`);
      }

      // Predictions equal the library's on the same checkpoint (Deno, wasm backend).
      const { model } = await loadCheckpoint(`${tmp}/models/frame-predictor`);
      const x = tf.randomUniform([2, 3, 12, 12, 1], 0, 1, "float32", 5);
      const expected = (await (model.predict(x) as tf.Tensor).data()) as Float32Array;
      const request = JSON.stringify({ inputs: await x.array() });
      const json = await post(base, FP, request, "application/json");
      assert.equal(json.status, 200);
      const body = await json.json();
      assert.deepEqual(body.shape, [2, 12, 12, 1]);
      const jsonDiff = maxDiff(body.outputs.flat(3), expected);
      const npyBody = encodeNpy(await x.data() as Float32Array, [2, 3, 12, 12, 1]);
      const npy = await post(base, FP, npyBody as Uint8Array<ArrayBuffer>, "application/x-npy");
      assert.equal(npy.status, 200);
      const npyDiff = maxDiff(
        readNpy(new Uint8Array(await npy.arrayBuffer())).data as Float32Array,
        expected,
      );
      console.log(`edge: max |diff| vs library: json ${jsonDiff}, npy ${npyDiff}`);
      assert.ok(jsonDiff <= 1e-5 && npyDiff <= 1e-5, `max |diff| ${jsonDiff}, ${npyDiff}`);
      tf.dispose(x);
      model.dispose();

      // /v1/waves equals the CLI's movie for the same seed.
      const waves = await post(
        base,
        "/v1/waves",
        JSON.stringify({ model: "teh", size: 32, frames: 40, seed: 7, format: "npy" }),
        "application/json",
      );
      assert.equal(waves.status, 200);
      const served = readNpy(new Uint8Array(await waves.arrayBuffer()));
      const cli = await runCliProcess([
        "simulate",
        "waves",
        "--size",
        "32",
        "--frames",
        "40",
        "--seed",
        "7",
        "--out",
        `${tmp}/waves.npy`,
      ]);
      assert.equal(cli.code, 0, cli.stderr);
      const local = readNpy(await Deno.readFile(`${tmp}/waves.npy`));
      assert.deepEqual(served.shape, local.shape);
      assert.deepEqual(served.data, local.data);
      assert.ok(local.data.some((v) => v !== 0), "the movie holds no wave: pick another seed");

      // The hostile set: the same status and error code as the Deno app gives.
      const app = await tinyApp({ token: TOKEN, bodyLimit: 1 << 20 });
      const deno = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, app.fetch);
      const reference = `http://127.0.0.1:${deno.addr.port}`;
      const differ: string[] = [];
      let clientErrors = 0;
      try {
        for (const c of hostileCases()) {
          const [here, there] = [await answer(reference, c), await answer(base, c)];
          if (here !== there) differ.push(`${c.name}: deno ${here}, workerd ${there}`);
          if (/^4\d\d /.test(there)) clientErrors++;
        }
      } finally {
        await deno.shutdown();
        app.close();
      }
      assert.deepEqual(differ, [], `${differ.length} hostile answers differ`);
      assert.ok(clientErrors >= 200, `only ${clientErrors} 4xx answers`);
      const after = await (await fetch(`${base}/health`)).json();
      assert.equal(after.status, "ok");

      // Memory: the process's peak RSS less that of the same workerd running an empty worker
      // (the runtime itself, which Cloudflare's 128 MB per-isolate limit does not count).
      const peak = workerd.peakRssMiB();
      await workerd.stop();
      workerd = null;
      if (peak !== null) {
        const empty = await emptyWorkerRss(binary, `${tmp}/empty`);
        const own = peak - empty;
        console.log(
          `edge: workerd peak RSS ${peak.toFixed(1)} MiB; empty worker ${empty.toFixed(1)} MiB; ` +
            `the worker's own ${own.toFixed(1)} MiB`,
        );
        assert.ok(own <= MEMORY_MIB, `the worker took ${own.toFixed(1)} MiB > ${MEMORY_MIB}`);
      }

      // Control: the same bundle with our kernels undeclared must fail (workerd refuses to
      // compile them at run time), so this test would catch a run-time compile.
      const control = `${tmp}/edge-undeclared`;
      await buildEdge({
        models: [`${tmp}/models`],
        out: control,
        name: "prevision-test",
        port: 8787,
        vars: { PREVISION_TOKEN: TOKEN },
        declareKernels: false,
      });
      workerd = await startWorkerd(control, binary);
      const refused = await post(workerd.base, FP, request, "application/json");
      await refused.body?.cancel();
      assert.equal(refused.status, 500);
      await workerd.stop();
      assert.match(workerd.output(), /code generation disallowed/i);
      workerd = null;
    } finally {
      await workerd?.stop();
      await Deno.remove(tmp, { recursive: true });
    }
  },
});
