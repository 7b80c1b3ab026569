import { parseArgs } from "node:util";
import { InputError } from "../util/errors.ts";

/** A flag definition in `node:util` parseArgs form, plus a description for `--help`. */
export interface FlagSpec {
  type: "string" | "boolean";
  short?: string;
  multiple?: boolean;
  default?: string | boolean;
  description: string;
}

/** Parsed flags: strings, booleans or string lists, keyed by flag name. */
export type Flags = Record<string, string | boolean | string[] | undefined>;

/**
 * One CLI subcommand (or sub-subcommand such as an experiment). `run` returns the JSON
 * summary that `--json` prints as the last stdout line.
 */
export interface Command {
  name: string;
  summary: string;
  flags: Record<string, FlagSpec>;
  /** Names of positional arguments, for help text. */
  positionals?: string;
  /** Initialise a tfjs backend (from --backend / PREVISION_BACKEND) before `run`. */
  needsBackend?: boolean;
  /** Named subcommands (`train may2025`, `simulate waves`); the first positional picks one. */
  subcommands?: Record<string, () => Promise<Command>>;
  /** Subcommand used when none is named. */
  defaultSubcommand?: string;
  run?(flags: Flags, positionals: string[]): Promise<Record<string, unknown>>;
}

/** Flags every command accepts. */
export const COMMON_FLAGS: Record<string, FlagSpec> = {
  backend: { type: "string", description: "webgpu | wasm | cpu | auto (default: auto)" },
  json: { type: "boolean", description: "print a JSON summary as the last stdout line" },
  help: { type: "boolean", short: "h", description: "show this help" },
};

/** Parses argv against `flags` (+ common flags); unknown flags are an InputError. */
export function parseFlags(
  argv: string[],
  flags: Record<string, FlagSpec>,
  where: string,
): { flags: Flags; positionals: string[] } {
  const options: Record<
    string,
    { type: "string" | "boolean"; short?: string; multiple?: boolean }
  > = {};
  for (const [name, spec] of Object.entries({ ...COMMON_FLAGS, ...flags })) {
    options[name] = { type: spec.type };
    if (spec.short) options[name].short = spec.short;
    if (spec.multiple) options[name].multiple = true;
  }
  try {
    const parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    const values: Flags = { ...parsed.values } as Flags;
    for (const [name, spec] of Object.entries(flags)) {
      if (values[name] === undefined && spec.default !== undefined) values[name] = spec.default;
    }
    return { flags: values, positionals: parsed.positionals };
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new InputError(`${where}: ${message.replace(/\. To specify.*$/, "")}`);
  }
}

/** Help text for a command. */
export function helpText(prefix: string, command: Command): string {
  const lines = [`usage: ${prefix} ${command.positionals ?? ""} [flags]`.replace(/ +/g, " "), ""];
  lines.push(command.summary, "", "flags:");
  for (const [name, spec] of Object.entries({ ...command.flags, ...COMMON_FLAGS })) {
    const arg = spec.type === "string" ? ` <${name}>` : "";
    lines.push(`  --${name}${arg}`.padEnd(28) + spec.description);
  }
  return lines.join("\n");
}

/** Reads a numeric flag; absent → fallback; not a finite number in range → InputError. */
export function numberFlag(
  flags: Flags,
  name: string,
  fallback: number,
  opts: { min?: number; max?: number; integer?: boolean } = {},
): number {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  if (typeof raw !== "string") throw new InputError(`--${name} needs a number`);
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value)) {
    throw new InputError(`--${name} must be a number, got '${raw}'`);
  }
  if (opts.integer && !Number.isInteger(value)) {
    throw new InputError(`--${name} must be an integer, got '${raw}'`);
  }
  if (opts.min !== undefined && value < opts.min) {
    throw new InputError(`--${name} must be ≥ ${opts.min}, got ${raw}`);
  }
  if (opts.max !== undefined && value > opts.max) {
    throw new InputError(`--${name} must be ≤ ${opts.max}, got ${raw}`);
  }
  return value;
}

/** Reads a string flag restricted to `choices`. */
export function choiceFlag<T extends string>(
  flags: Flags,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  if (typeof raw !== "string" || !(choices as readonly string[]).includes(raw)) {
    throw new InputError(`--${name} must be one of ${choices.join(", ")}, got '${raw}'`);
  }
  return raw as T;
}
