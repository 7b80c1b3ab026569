/**
 * `deno task train|simulate|sweep` (`cli.ts --least-privilege <command> …`): runs cli.ts with
 * least-privilege permissions, as src/serve/launch.ts does for the server. The task itself may only read, and run the Deno
 * that runs it; this launcher works out from the arguments where the command writes — the run
 * folder (`--out` / `--resume`, else `runs/`) of train and sweep, the folder of simulate's
 * `--out` file (else the working folder) — and starts cli.ts with `--allow-write` of just that
 * and `--allow-run` of Deno (workers), ffmpeg (movies) and, for sweep, Slurm's client tools.
 *
 * @module
 */
import { dirname, resolve } from "node:path";
import { V8_FLAGS } from "../backend/v8_flags.ts";

/** Programs each command may run besides Deno itself. */
export const RUN_PROGRAMS: Record<string, string[]> = {
  train: ["ffmpeg"],
  simulate: ["ffmpeg"],
  sweep: ["ffmpeg", "sbatch", "squeue", "scancel"],
};

/**
 * Whether `program` is an executable file on PATH (or an existing path): Deno prints a note
 * for every `--allow-run` name it cannot find, so absent tools are left out.
 *
 * @example
 * ```ts
 * onPath("ffmpeg"); // true where ffmpeg is installed
 * ```
 */
export function onPath(program: string): boolean {
  const isFile = (path: string) => {
    try {
      return Deno.statSync(path).isFile;
    } catch {
      return false;
    }
  };
  if (program.includes("/")) return isFile(program);
  let path = "";
  try {
    path = Deno.env.get("PATH") ?? "";
  } catch {
    return false;
  }
  return path.split(":").some((dir) => dir && isFile(`${dir}/${program}`));
}

/** The values of `--name X` and `--name=X` in `args`. */
function flagValues(args: string[], name: string): string[] {
  const out: string[] = [];
  args.forEach((arg, i) => {
    if (arg === `--${name}` && i + 1 < args.length) out.push(args[i + 1]);
    else if (arg.startsWith(`--${name}=`)) out.push(arg.slice(name.length + 3));
  });
  return out;
}

/**
 * The folders `command` writes to, absolute: for train and sweep the run folder (`--out` or
 * `--resume`, else `runs/` where new runs go), for simulate the folder of each `--out` file
 * (else the working folder, where its default file goes).
 *
 * @example
 * ```ts
 * writeTargets("train", ["may2025", "--out", "/scratch/may"]); // ["/scratch/may"]
 * writeTargets("simulate", ["waves", "--out", "w.npy"]); // [Deno.cwd()]
 * ```
 */
export function writeTargets(command: string, args: string[]): string[] {
  if (command === "simulate") {
    const outs = flagValues(args, "out");
    return outs.length ? outs.map((o) => dirname(resolve(o))) : [Deno.cwd()];
  }
  const dirs = [...flagValues(args, "out"), ...flagValues(args, "resume")];
  return (dirs.length ? dirs : ["runs"]).map((d) => resolve(d));
}

/** Where the command line lives: cli.ts and its deno.json. */
export interface CliFiles {
  /** Path of cli.ts. */
  cli: string;
  /** Path of the deno.json beside it. */
  config: string;
}

/**
 * The `deno run` arguments that run cli.ts `command` with `args` under least privilege.
 *
 * @example
 * ```ts
 * const files = { cli: "/repo/cli.ts", config: "/repo/deno.json" };
 * launchArgs(files, "train", ["toy"]).some((a) => a.startsWith("--allow-write=")); // true
 * ```
 */
export function launchArgs({ cli, config }: CliFiles, command: string, args: string[]): string[] {
  const run = [Deno.execPath(), ...(RUN_PROGRAMS[command] ?? []).filter(onPath)];
  return [
    "run",
    ...V8_FLAGS,
    "--allow-read",
    "--allow-env",
    "--allow-sys",
    "--allow-net=127.0.0.1,localhost",
    `--allow-write=${writeTargets(command, args).join(",")}`,
    `--allow-run=${run.join(",")}`,
    "--config",
    config,
    cli,
    command,
    ...args,
  ];
}

/**
 * Runs `command` of cli.ts in a child Deno with least privilege; resolves to its exit code.
 *
 * @example
 * ```ts
 * // in cli.ts: Deno.exit(await launch({ cli, config }, Deno.args.slice(1)));
 * ```
 */
export async function launch(files: CliFiles, argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || !(command in RUN_PROGRAMS)) {
    console.error(`error: launch: unknown command '${command ?? ""}' (train, simulate, sweep)`);
    return 2;
  }
  const child = new Deno.Command(Deno.execPath(), { args: launchArgs(files, command, args) })
    .spawn();
  // Ctrl-C reaches the whole process group; a signal sent to this process alone is passed on.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    Deno.addSignalListener(signal, () => {
      try {
        child.kill(signal);
      } catch { /* already gone */ }
    });
  }
  const status = await child.status;
  return status.signal ? 128 + (status.signal === "SIGINT" ? 2 : 15) : status.code;
}
