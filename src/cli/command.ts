import { parseArgs } from "node:util";
import { InputError } from "../util/errors.ts";

/** A flag definition in `node:util` parseArgs form, plus a description for `--help`. */
export interface FlagSpec {
  /** `string` flags take a value, `boolean` ones are switches. */
  type: "string" | "boolean";
  /** One-letter alias (`-h`). */
  short?: string;
  /** May be given several times (the value is then a list). */
  multiple?: boolean;
  /** Value when the flag is absent. */
  default?: string | boolean;
  /** One line for `--help`. */
  description: string;
  /** What `--help` shows for the value (`--out <dir>`); default: the flag's name. */
  arg?: string;
}

/** Parsed flags: strings, booleans or string lists, keyed by flag name. */
export type Flags = Record<string, string | boolean | string[] | undefined>;

/**
 * One CLI subcommand (or sub-subcommand such as an experiment). `run` returns the JSON
 * summary that `--json` prints as the last stdout line.
 */
export interface Command {
  /** The name it is called by. */
  name: string;
  /** What it does, for `--help` (the first line also lists it in its parent's help). */
  summary: string;
  /** Its own flags (the {@link COMMON_FLAGS} come on top). */
  flags: Record<string, FlagSpec>;
  /** Names of positional arguments, for help text. */
  positionals?: string;
  /** Initialise a tfjs backend (from --backend / PREVISION_BACKEND) before `run`. */
  needsBackend?: boolean;
  /** Named subcommands (`train may2025`, `simulate waves`); the first positional picks one. */
  subcommands?: Record<string, () => Promise<Command>>;
  /** Subcommand used when none is named. */
  defaultSubcommand?: string;
  /**
   * Picks the subcommand from the flags when none is named (e.g. the study of the run that
   * `--resume DIR` names); undefined falls back to {@link Command.defaultSubcommand}.
   */
  pickSubcommand?(argv: string[]): Promise<string | undefined>;
  /** Does the work; returns the summary `--json` prints. */
  run?(flags: Flags, positionals: string[]): Promise<Record<string, unknown>>;
}

/** Flags every command accepts. */
export const COMMON_FLAGS: Record<string, FlagSpec> = {
  backend: { type: "string", description: "webgpu | wasm | cpu | auto (default: auto)" },
  json: { type: "boolean", description: "print a JSON summary as the last stdout line" },
  help: { type: "boolean", short: "h", description: "show this help" },
};

/** A token that is a number (`-3`, `-0.5`, `-1e-3`, `-1,2` for a list) rather than a flag. */
const NUMBER = /^-(\d|\.\d)[\d.,eE+-]*$/;

/**
 * `--flag -3` → `--flag=-3` for flags that take a value, which `node:util` parseArgs would
 * otherwise refuse as ambiguous (it takes `-3` for a flag).
 */
function joinNegativeValues(
  argv: string[],
  options: Record<string, { type: "string" | "boolean"; short?: string }>,
): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      out.push(...argv.slice(i));
      break;
    }
    const name = arg.startsWith("--") && !arg.includes("=") ? arg.slice(2) : undefined;
    const next = argv[i + 1];
    if (name && options[name]?.type === "string" && next !== undefined && NUMBER.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/**
 * Parses argv against `flags` (+ common flags); unknown flags are an InputError. A negative
 * number after a flag that takes a value is that flag's value (`--gain -3`).
 */
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
    const args = joinNegativeValues(argv, options);
    const parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
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

/** Two-column lines (`  name  description`), the descriptions aligned, at least two spaces apart. */
export function columns(rows: [string, string][]): string[] {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`.trimEnd());
}

/** Help text for a command. */
export function helpText(prefix: string, command: Command): string {
  const lines = [`usage: ${prefix} ${command.positionals ?? ""} [flags]`.replace(/ +/g, " "), ""];
  lines.push(command.summary, "", "flags:");
  const rows: [string, string][] = [];
  for (const [name, spec] of Object.entries({ ...command.flags, ...COMMON_FLAGS })) {
    const arg = spec.type === "string" ? ` <${spec.arg ?? name}>` : "";
    rows.push([`--${name}${arg}`, spec.description]);
  }
  lines.push(...columns(rows));
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
