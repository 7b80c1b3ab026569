/**
 * Runs the PyTorch peer (bench/peers/conv_rnn_torch.py) when a python3 with torch is
 * importable: `python3` on PATH first, then Debian's /usr/bin/python3 (python3-torch).
 */
import type { ConvRnnShape } from "../_conv_rnn.ts";

/** The peer's result line. */
export interface TorchResult {
  msPerStep: number;
  samples: number[];
  /** Process CPU ms (all threads) of each timed step. */
  cpuSamples: number[];
  threads: number;
  torch: string;
}

const script = new URL("./conv_rnn_torch.py", import.meta.url).pathname;

async function hasTorch(python: string): Promise<boolean> {
  try {
    const { success } = await new Deno.Command(python, {
      args: ["-c", "import torch"],
      stdout: "null",
      stderr: "null",
    }).output();
    return success;
  } catch {
    return false;
  }
}

/** Median ms per step of the PyTorch peer, or null when no python3 has torch. */
export async function runTorchPeer(
  shape: ConvRnnShape,
  threads: number,
  steps: number,
): Promise<TorchResult | null> {
  for (const python of ["python3", "/usr/bin/python3"]) {
    if (!(await hasTorch(python))) continue;
    const args = [
      script,
      ...["--batch", shape.batch, "--frames", shape.frames, "--size", shape.size].map(String),
      ...["--channels", shape.channels, "--layers", shape.layers].map(String),
      ...["--steps", steps, "--threads", threads].map(String),
    ];
    const out = await new Deno.Command(python, { args, stdout: "piped", stderr: "inherit" })
      .output();
    if (!out.success) throw new Error(`PyTorch peer failed (${python} ${script})`);
    const lines = new TextDecoder().decode(out.stdout).trim().split("\n");
    return JSON.parse(lines[lines.length - 1]) as TorchResult;
  }
  return null;
}
