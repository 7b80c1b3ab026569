/**
 * A tiny unit-based experiment for the sweep tests: conditions × seeds units, each a
 * seeded Monte-Carlo estimate that takes about --work-ms of wall time. It records every
 * start (tiny/started/<key>.<nonce>) and stamps each result with a nonce, so a test can tell
 * whether a unit ran again; --crash-key makes one unit kill its process every attempt.
 */
import { join } from "node:path";
import type { Experiment } from "../../../src/train/experiment.ts";
import { numberFlag } from "../../../src/cli/command.ts";
import { Rng } from "../../../src/util/rng.ts";
import { writeFileAtomic } from "../../../src/util/atomic.ts";
import { InputError } from "../../../src/util/errors.ts";

interface TinyConfig {
  conditions: string[];
  seeds: number;
  samples: number;
  workMs: number;
  crashKey: string | null;
}

interface TinyResult {
  condition: string;
  seed: number;
  mean: number;
  nonce: string;
}

export const experiment: Experiment<TinyConfig, TinyResult> = {
  name: "tiny",
  summary: "Seeded Monte-Carlo means per condition (sweep tests).",
  flags: {
    seeds: { type: "string", description: "seeds per condition (3)" },
    conditions: { type: "string", description: "comma-separated conditions (a,b)" },
    "work-ms": { type: "string", description: "wall time per unit in ms (200)" },
    "crash-key": { type: "string", description: "this unit kills its process every attempt" },
  },
  configure(flags) {
    const conditions = String(flags.conditions ?? "a,b").split(",").filter(Boolean);
    if (conditions.some((c) => !/^\w+$/.test(c))) throw new InputError("bad --conditions");
    return {
      conditions,
      seeds: numberFlag(flags, "seeds", 3, { integer: true, min: 0 }),
      samples: flags.full ? 100000 : 10000,
      workMs: numberFlag(flags, "work-ms", 200, { min: 0 }),
      crashKey: typeof flags["crash-key"] === "string" ? flags["crash-key"] : null,
    };
  },
  units(config) {
    return config.conditions.flatMap((condition) =>
      Array.from({ length: config.seeds }, (_, seed) => ({
        key: `${condition}-seed${seed}`,
        params: { condition, seed },
      }))
    );
  },
  async runUnit(config, unit, ctx) {
    const nonce = crypto.randomUUID();
    const started = join(ctx.runDir, "tiny", "started");
    await Deno.mkdir(started, { recursive: true });
    await Deno.writeTextFile(join(started, `${unit.key}.${nonce}`), "");
    if (unit.key === config.crashKey) Deno.kill(Deno.pid, "SIGKILL");
    const { condition, seed } = unit.params as { condition: string; seed: number };
    const rng = new Rng(seed * 1009 + condition.charCodeAt(0));
    let sum = 0;
    for (let i = 0; i < config.samples; i++) sum += rng.normal();
    await new Promise((r) => setTimeout(r, config.workMs));
    return { condition, seed, mean: sum / config.samples, nonce };
  },
  async report(config, results, ctx) {
    const means: Record<string, { n: number; mean: number }> = {};
    for (const condition of config.conditions) {
      const values = [...results.values()].filter((r) => r.condition === condition)
        .sort((a, b) => a.seed - b.seed).map((r) => r.mean);
      means[condition] = {
        n: values.length,
        mean: values.reduce((a, b) => a + b, 0) / Math.max(1, values.length),
      };
    }
    const report = { means, missing: ctx.missing };
    await writeFileAtomic(join(ctx.runDir, "report.json"), JSON.stringify(report, null, 2));
    return { means, report: join(ctx.runDir, "report.json") };
  },
};
