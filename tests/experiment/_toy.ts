/**
 * A toy study for the executor tests: conditions × seeds units, each a seeded Monte-Carlo
 * mean that takes about --work-ms of wall time. It records every start
 * (toy/started/<key>.<nonce>) and stamps each result with a nonce, so a test can tell
 * whether a unit ran again; --crash-key makes one unit kill its process every attempt;
 * --tag (an extra flag, not config) is copied into every result.
 */
import { join } from "node:path";
import { z } from "zod";
import { type Experiment, PRESETS } from "../../src/experiment/contract.ts";
import { Rng } from "../../src/util/rng.ts";

const schema = z.object({
  preset: z.enum(PRESETS),
  conditions: z.array(z.string().regex(/^\w+$/)).meta({ description: "conditions (a,b)" }),
  seeds: z.array(z.number().int().min(0)).meta({ seeds: true, description: "seeds" }),
  samples: z.number().int().min(1).meta({ description: "samples per unit" }),
  workMs: z.number().min(0).meta({ description: "wall time per unit in ms (200)" }),
  crashKey: z.string().nullable().meta({ description: "this unit kills its process" }),
  gain: z.number().meta({ description: "multiplies every sample (1)" }),
});
type Config = z.infer<typeof schema>;

interface Params {
  condition: string;
  seed: number;
}

interface Result {
  condition: string;
  seed: number;
  mean: number;
  nonce: string;
  tag: string | null;
  restartUnit?: boolean;
}

function preset(name: Config["preset"], samples: number): Config {
  return {
    preset: name,
    conditions: ["a", "b"],
    seeds: [1, 2, 3],
    samples,
    workMs: 200,
    crashKey: null,
    gain: 1,
  };
}

export const experiment: Experiment<Config, Params, Result> = {
  name: "toy",
  summary: "Seeded Monte-Carlo means per condition (executor tests).",
  schema,
  presets: {
    tiny: preset("tiny", 1000),
    quick: preset("quick", 10000),
    standard: preset("standard", 20000),
    full: preset("full", 100000),
  },
  extraFlags: { tag: { type: "string", description: "copied into every result" } },
  needsBackend: false,
  units: (config) =>
    config.conditions.flatMap((condition) =>
      config.seeds.map((seed) => ({ key: `${condition}-seed${seed}`, params: { condition, seed } }))
    ),
  async runUnit(config, { condition, seed }, ctx) {
    const nonce = crypto.randomUUID();
    const started = join(ctx.runDir, "toy", "started");
    await Deno.mkdir(started, { recursive: true });
    await Deno.writeTextFile(join(started, `${ctx.key}.${nonce}`), "");
    if (ctx.key === config.crashKey) Deno.kill(Deno.pid, "SIGKILL");
    const rng = new Rng(seed * 1009 + condition.charCodeAt(0));
    let sum = 0;
    for (let i = 0; i < config.samples; i++) sum += config.gain * rng.normal();
    await new Promise((r) => setTimeout(r, config.workMs));
    const tag = typeof ctx.flags?.tag === "string" ? ctx.flags.tag : null;
    const restart = ctx.restartUnit ? { restartUnit: true } : {};
    return { condition, seed, mean: sum / config.samples, nonce, tag, ...restart };
  },
  report(config, results, ctx) {
    const metrics: Record<string, Record<string, { mean: number; sd: number; n: number }>> = {};
    const lines = ["# toy", ""];
    for (const condition of config.conditions) {
      const values = [...results.values()].filter((r) => r.condition === condition)
        .sort((a, b) => a.seed - b.seed).map((r) => r.mean);
      const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
      const sd = Math.sqrt(
        values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, values.length - 1),
      );
      metrics[condition] = { mean: { mean, sd, n: values.length } };
      lines.push(`- ${condition}: ${mean.toFixed(6)} (n = ${values.length})`);
    }
    if (ctx.missing.length) lines.push("", `missing: ${ctx.missing.join(", ")}`);
    const svg = `<svg xmlns="http://www.w3.org/2000/svg">${
      config.conditions.map((c, i) => `<text y="${20 * (i + 1)}">${c}</text>`).join("")
    }</svg>`;
    return Promise.resolve({
      markdown: lines.join("\n") + "\n",
      metrics,
      tests: [],
      figures: { "means.svg": svg },
      extra: { missing: ctx.missing },
    });
  },
};
