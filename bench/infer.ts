/**
 * `deno task bench infer --model <m|all> [--shape quick|standard|all] [--pairs 15] [--json]`:
 * model-only inference of every study's model at batch 1 and batch 32, ours (wasm backend,
 * our kernels) against PyTorch (`torch.inference_mode`, eval mode, 2 threads), interleaved
 * call by call (bench/models.ts).
 *
 * @module
 */
import type { Command } from "../src/cli/command.ts";
import { runModelBench } from "./models.ts";

/** `deno task bench infer`. */
export const command: Command = {
  name: "infer",
  summary: "Model-only inference at batch 1 and 32 of every study's model: ours vs PyTorch.",
  flags: {
    model: {
      type: "string",
      description: "conv-rnn | resnet18 | rgc-cnn | bio-rnn | exposure | all (default all)",
    },
    shape: { type: "string", description: "quick | standard | all (default all)" },
    pairs: { type: "string", description: "interleaved pairs per batch size (default 15)" },
  },
  run: (flags) => runModelBench("infer", flags),
};
