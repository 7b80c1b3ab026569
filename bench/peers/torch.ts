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

function peerArgs(shape: ConvRnnShape, threads: number): string[] {
  return [
    script,
    ...["--batch", shape.batch, "--frames", shape.frames, "--size", shape.size].map(String),
    ...["--channels", shape.channels, "--layers", shape.layers].map(String),
    ...["--threads", threads].map(String),
  ];
}

/** The first python3 that can import torch (PATH's, then Debian's), or null. */
export async function torchPython(): Promise<string | null> {
  for (const python of ["python3", "/usr/bin/python3"]) {
    if (await hasTorch(python)) return python;
  }
  return null;
}

/** A running PyTorch peer that takes one step whenever asked (see {@link startTorchPeer}). */
export interface TorchSession {
  torch: string;
  /** Runs one step: its wall-clock and process-CPU ms. */
  step(): Promise<{ ms: number; cpu: number }>;
  close(): Promise<void>;
}

/**
 * Starts the PyTorch peer in serve mode (warmed up by one step), so that its steps can be
 * interleaved one by one with ours; null when no python3 has torch.
 */
export async function startTorchPeer(
  shape: ConvRnnShape,
  threads: number,
): Promise<TorchSession | null> {
  const python = await torchPython();
  if (!python) return null;
  const child = new Deno.Command(python, {
    args: [...peerArgs(shape, threads), "--serve"],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const writer = child.stdin.getWriter();
  const lines = lineReader(child.stdout, `PyTorch peer exited (${python} ${script})`);
  const nextLine = lines.next;
  const ready = JSON.parse(await nextLine()) as { torch: string };
  return {
    torch: ready.torch,
    async step() {
      await writer.write(new TextEncoder().encode("step\n"));
      return JSON.parse(await nextLine()) as { ms: number; cpu: number };
    },
    async close() {
      await writer.close();
      await lines.cancel();
      await child.status;
    },
  };
}

/** Median ms per step of the PyTorch peer, or null when no python3 has torch. */
export async function runTorchPeer(
  shape: ConvRnnShape,
  threads: number,
  steps: number,
): Promise<TorchResult | null> {
  const python = await torchPython();
  if (!python) return null;
  const args = [...peerArgs(shape, threads), "--steps", String(steps)];
  const out = await new Deno.Command(python, { args, stdout: "piped", stderr: "inherit" })
    .output();
  if (!out.success) throw new Error(`PyTorch peer failed (${python} ${script})`);
  const lines = new TextDecoder().decode(out.stdout).trim().split("\n");
  return JSON.parse(lines[lines.length - 1]) as TorchResult;
}

/**
 * Reads `stream` line by line: `next()` returns the next line (without its newline), and throws
 * `Error(ended)` when the stream ends first; `cancel()` stops reading.
 */
export function lineReader(
  stream: ReadableStream<Uint8Array>,
  ended: string,
): { next: () => Promise<string>; cancel: () => Promise<void> } {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  const next = async () => {
    for (;;) {
      const at = buffered.indexOf("\n");
      if (at >= 0) {
        const line = buffered.slice(0, at);
        buffered = buffered.slice(at + 1);
        return line;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error(ended);
      buffered += decoder.decode(value, { stream: true });
    }
  };
  return { next, cancel: () => reader.cancel() };
}
