/**
 * `deno task bench train-step --model <m|all> [--shape quick|standard|all] [--json]` and
 * `deno task bench infer --model …`: every study's model (bench/_models.ts) against its
 * PyTorch peer (bench/peers/models_torch.py, 2 threads; skipped with a reason when no
 * python3 has torch) on the same CPU. The ratio is the median over interleaved pairs: one
 * training step (or inference call) of ours, then one of PyTorch's, each side keeping one
 * warmed-up model, so that both samples of a pair share the machine's state. Several
 * (model, shape) cases run one child process each, so that each side's peak RSS is its own.
 *
 * @module
 */
import { tf } from "../src/backend/tf.ts";
import { useBackend } from "../src/backend/mod.ts";
import type { Flags } from "../src/cli/command.ts";
import { numberFlag } from "../src/cli/command.ts";
import { log } from "../src/util/log.ts";
import { poolInfo } from "../src/backend/wasm/threads/pool.ts";
import { processCpuMs } from "./_cputime.ts";
import {
  benchSubject,
  type ModelSpec,
  modelSpec,
  parseModels,
  parseShapes,
  type ShapeName,
} from "./_models.ts";
import { type ModelPeer, startModelPeer } from "./peers/torch_models.ts";

/** What is timed: one training step, or inference at a batch size. */
export type BenchKind = { kind: "train" } | { kind: "infer"; batch: number };

/** One (model, shape, what) row of the table. */
export interface PairedResult {
  model: string;
  shape: ShapeName;
  what: string;
  /** Our wall-clock ms of each pair. */
  oursMs: number[];
  /** Our process CPU ms of each pair (both kernel threads). */
  oursCpuMs: number[];
  torchMs: number[];
  torchCpuMs: number[];
  /** Median of ours/torch over the pairs (null without torch). */
  ratioVsTorch: number | null;
  /** Lowest and highest pair ratio. */
  ratioRange: [number, number] | null;
}

/** Set in the environment of the child process that runs one case of a several-case run. */
const CHILD = "PREVISION_BENCH_CHILD";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Peak resident set of this process in MiB (VmHWM), or the current RSS where unreadable. */
function peakRssMb(): number {
  try {
    const m = /VmHWM:\s+(\d+)/.exec(Deno.readTextFileSync("/proc/self/status"));
    if (m) return Number(m[1]) / 1024;
  } catch { /* not Linux, or no read permission: fall back */ }
  return Deno.memoryUsage().rss / 2 ** 20;
}

async function timed(f: () => Promise<unknown>): Promise<{ ms: number; cpu: number }> {
  const t0 = performance.now(), c0 = processCpuMs() ?? 0;
  await f();
  return { ms: performance.now() - t0, cpu: (processCpuMs() ?? 0) - c0 };
}

/** Runs `pairs` interleaved pairs of every timed kind for one spec, in this process. */
export async function benchCase(
  spec: ModelSpec,
  kinds: BenchKind[],
  pairs: number,
  warmup = 2,
): Promise<{ results: PairedResult[]; oursPeakRssMb: number; torchPeakRssMb: number | null }> {
  const ours = benchSubject(spec, 1);
  const batches = kinds.flatMap((k) => k.kind === "infer" ? [k.batch] : []);
  let peer: ModelPeer | null = null;
  try {
    peer = await startModelPeer(spec, 2, batches);
    const results: PairedResult[] = [];
    for (const k of kinds) {
      const mine = k.kind === "train" ? () => ours.step() : () => ours.infer(k.batch);
      const row: PairedResult = {
        model: spec.model,
        shape: spec.shape,
        what: k.kind === "train" ? "train" : `infer b${k.batch}`,
        oursMs: [],
        oursCpuMs: [],
        torchMs: [],
        torchCpuMs: [],
        ratioVsTorch: null,
        ratioRange: null,
      };
      for (let i = -warmup; i < pairs; i++) {
        const a = await timed(mine);
        const b = peer ? await (k.kind === "train" ? peer.step() : peer.infer(k.batch)) : null;
        if (i < 0) continue;
        row.oursMs.push(a.ms);
        row.oursCpuMs.push(a.cpu);
        if (b) row.torchMs.push(b.ms), row.torchCpuMs.push(b.cpu);
      }
      if (row.torchMs.length) {
        const ratios = row.oursMs.map((t, i) => t / row.torchMs[i]);
        row.ratioVsTorch = median(ratios);
        row.ratioRange = [Math.min(...ratios), Math.max(...ratios)];
      }
      results.push(row);
    }
    const torchPeakRssMb = peer ? await peer.peakRssMb() : null;
    return { results, oursPeakRssMb: peakRssMb(), torchPeakRssMb };
  } finally {
    ours.dispose();
    await peer?.close();
  }
}

/** Runs one case in a child process (own heap and peak RSS); returns its JSON summary. */
async function childCase(
  sub: "train-step" | "infer",
  model: string,
  shape: string,
  pairs: number,
): Promise<CaseSummary> {
  const main = new URL("./main.ts", import.meta.url).pathname;
  const deno = Deno.execPath();
  const args = [
    "run",
    "--v8-flags=--no-liftoff",
    "--allow-read",
    "--allow-env",
    "--allow-sys",
    `--allow-run=${deno},python3,/usr/bin/python3`,
    main,
    sub,
    "--model",
    model,
    "--shape",
    shape,
    "--pairs",
    String(pairs),
    "--json",
  ];
  const out = await new Deno.Command(deno, {
    args,
    env: { [CHILD]: "1" },
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (!out.success) throw new Error(`bench ${sub} --model ${model} --shape ${shape} failed`);
  const lines = new TextDecoder().decode(out.stdout).trim().split("\n");
  return JSON.parse(lines[lines.length - 1]).cases[0] as CaseSummary;
}

/** One case's summary (what `--json` prints per case). */
export interface CaseSummary {
  spec: ModelSpec;
  results: PairedResult[];
  oursPeakRssMb: number;
  torchPeakRssMb: number | null;
  threads: number;
}

const f0 = (x: number) => x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
const range = (xs: number[]) =>
  xs.length ? `${f0(median(xs))} (${f0(Math.min(...xs))}–${f0(Math.max(...xs))})` : "–";

/** The table of every row: ms median (range) of each side, CPU ms, pair ratios, RSS. */
export function table(cases: CaseSummary[]): string {
  const head = "| model | shape | what | ours ms (range) | ours CPU ms | PyTorch ms (range) | " +
    "PyTorch CPU ms | ratio (pair range) | peak RSS MiB ours / PyTorch |";
  const lines = [head, "|" + " --- |".repeat(9)];
  for (const c of cases) {
    for (const r of c.results) {
      const ratio = r.ratioVsTorch === null
        ? "no torch"
        : `**${r.ratioVsTorch.toFixed(2)}** (${r.ratioRange![0].toFixed(2)}–${
          r.ratioRange![1].toFixed(2)
        })`;
      lines.push(
        `| ${r.model} | ${r.shape} | ${r.what} | ${range(r.oursMs)} | ${
          f0(median(r.oursCpuMs))
        } | ` +
          `${range(r.torchMs)} | ${
            r.torchCpuMs.length ? f0(median(r.torchCpuMs)) : "–"
          } | ${ratio} | ` +
          `${c.oursPeakRssMb.toFixed(0)} / ${c.torchPeakRssMb?.toFixed(0) ?? "–"} |`,
      );
    }
  }
  return lines.join("\n");
}

/** `train-step --model …` / `infer --model …`: every named case, then the table. */
export async function runModelBench(
  sub: "train-step" | "infer",
  flags: Flags,
): Promise<Record<string, unknown>> {
  const models = parseModels(flags.model as string | undefined);
  const shapes = parseShapes(flags.shape as string | undefined);
  const pairs = numberFlag(flags, "pairs", sub === "train-step" ? 7 : 15, {
    integer: true,
    min: 1,
    max: 1000,
  });
  const load0 = Deno.loadavg();
  const cases: CaseSummary[] = [];
  if (models.length * shapes.length === 1) {
    await useBackend("wasm");
    const spec = modelSpec(models[0], shapes[0]);
    const kinds: BenchKind[] = sub === "train-step"
      ? [{ kind: "train" }]
      : [{ kind: "infer", batch: 1 }, { kind: "infer", batch: 32 }];
    const r = await benchCase(spec, kinds, pairs);
    cases.push({ spec, ...r, threads: poolInfo().threads });
    if (tf.memory().numTensors > 0) log(`(${tf.memory().numTensors} tensors still held)`);
  } else {
    for (const m of models) {
      for (const s of shapes) {
        log(`${sub} ${m} ${s} …`);
        cases.push(await childCase(sub, m, s, pairs));
      }
    }
  }
  const text = table(cases);
  // a child of a several-case run leaves the table to its parent
  if (Deno.env.get(CHILD) !== "1") {
    if (flags.json) log(text);
    else console.log(text);
  }
  if (cases.some((c) => c.torchPeakRssMb === null)) {
    log("PyTorch: not available (no python3 with torch importable): its columns are empty");
  }
  return {
    bench: sub,
    pairs,
    cases,
    loadAverage: { start: load0, end: Deno.loadavg() },
    note: "wall-clock pairs on a shared machine: interleaving reduces, but does not remove, the " +
      "noise from other processes",
  };
}
