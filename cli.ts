/**
 * The `prevision` command line: `deno task train`, `simulate`, `info`, `sweep`, `analyse`.
 * Each subcommand lives beside the code it drives and is loaded on demand; `train` and
 * `sweep` (the executor, src/experiment/) get the study registry from here, so that the
 * executor never imports the studies.
 *
 * @module
 */
import type { Command } from "./src/cli/command.ts";
import { runCli } from "./src/cli/main.ts";

const root: Command = {
  name: "prevision",
  summary: "Retinal-wave simulation, biologically inspired pre-training and model serving.",
  flags: {},
  subcommands: {
    train: async () => {
      const [{ trainCommand }, { DEFAULT_STUDY, STUDIES }] = await Promise.all([
        import("./src/experiment/cli.ts"),
        import("./src/studies/registry.ts"),
      ]);
      return trainCommand(STUDIES, DEFAULT_STUDY);
    },
    simulate: async () => (await import("./src/stimuli/cli.ts")).simulateCommand,
    info: async () => (await import("./src/cli/info.ts")).infoCommand,
    analyse: () =>
      Promise.resolve({
        name: "analyse",
        summary: "Compute a study's measures on recorded data (zhong2025: the authors' files).",
        flags: {},
        subcommands: {
          zhong2025: async () =>
            (await import("./src/studies/zhong2025/mod.ts")).zhong2025RecordingCommand,
        },
      }),
    sweep: async () => {
      const [{ sweepCommand }, { STUDIES }] = await Promise.all([
        import("./src/experiment/cli.ts"),
        import("./src/studies/registry.ts"),
      ]);
      return sweepCommand(STUDIES);
    },
  },
};

if (import.meta.main) {
  if (Deno.args[0] === "--least-privilege") {
    // deno task train|simulate|sweep: start this file again with only what the command needs.
    const { launch } = await import("./src/cli/launch.ts");
    const files = {
      cli: new URL(import.meta.url).pathname,
      config: new URL("./deno.json", import.meta.url).pathname,
    };
    Deno.exit(await launch(files, Deno.args.slice(1)));
  }
  await runCli(root, Deno.args, "prevision");
}
