/**
 * Runs bench/peers/models_torch.py (every study's model in PyTorch) in serve mode, so that
 * its training steps and inference calls interleave one by one with ours.
 *
 * @module
 */
import type { ModelSpec } from "../_models.ts";
import { lineReader, torchPython } from "./torch.ts";

const script = new URL("./models_torch.py", import.meta.url).pathname;

/** A running PyTorch peer of one model (see {@link startModelPeer}). */
export interface ModelPeer {
  torch: string;
  /** One Adam step on its fixed batch: wall-clock and process-CPU ms. */
  step(): Promise<{ ms: number; cpu: number }>;
  /** Inference (`torch.inference_mode`, eval mode) on `batch` samples. */
  infer(batch: number): Promise<{ ms: number; cpu: number }>;
  /** Peak resident set of the peer process, MiB. */
  peakRssMb(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Starts the peer for `spec` with `threads` intra-op threads, warmed up by one step and one
 * inference at each of `batches`; null when no python3 has torch.
 */
export async function startModelPeer(
  spec: ModelSpec,
  threads: number,
  batches: number[],
): Promise<ModelPeer | null> {
  const python = await torchPython();
  if (!python) return null;
  const args = [script, JSON.stringify(spec), "--threads", String(threads)];
  if (batches.length) args.push("--infer", batches.join(","));
  const child = new Deno.Command(python, {
    args,
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const writer = child.stdin.getWriter();
  const reader = lineReader(
    child.stdout,
    `PyTorch peer exited (${python} ${script} ${spec.model})`,
  );
  const nextLine = reader.next;
  const ask = async (line: string) => {
    await writer.write(new TextEncoder().encode(line + "\n"));
    return JSON.parse(await nextLine());
  };
  const ready = JSON.parse(await nextLine()) as { torch: string };
  return {
    torch: ready.torch,
    step: () => ask("step"),
    infer: (batch) => ask(`infer ${batch}`),
    peakRssMb: async () => (await ask("rss")).maxRssMb as number,
    async close() {
      await writer.close();
      await reader.cancel();
      await child.status;
    },
  };
}
