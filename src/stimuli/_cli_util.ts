/** Helpers shared by the `simulate` subcommands of this folder. */
import type { Flags } from "../cli/command.ts";
import { InputError } from "../util/errors.ts";

/** Parses repeated `--param name=value` flags (numbers, true/false, or [a,b] lists). */
export function paramFlags(flags: Flags): Record<string, unknown> {
  const raw = flags.param;
  const items = raw === undefined ? [] : Array.isArray(raw) ? raw : [String(raw)];
  const out: Record<string, unknown> = {};
  for (const item of items) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new InputError(`--param expects name=value, got '${item}'`);
    const name = item.slice(0, eq), text = item.slice(eq + 1).trim();
    let value: unknown;
    if (text === "true" || text === "false") value = text === "true";
    else if (/^\[.*\]$/.test(text)) {
      value = text.slice(1, -1).split(",").map((s) => parseNumber(name, s));
    } else value = parseNumber(name, text);
    out[name] = value;
  }
  return out;
}

function parseNumber(name: string, text: string): number {
  const v = Number(text);
  if (text.trim() === "" || !Number.isFinite(v)) {
    throw new InputError(`--param ${name}: '${text}' is not a number`);
  }
  return v;
}

/** Rejects parameter names a model does not have. */
export function checkParams(
  params: Record<string, unknown>,
  known: Record<string, unknown>,
  model: string,
): void {
  for (const name of Object.keys(params)) {
    if (!(name in known)) {
      throw new InputError(
        `--param ${name}: ${model} has no such parameter (known: ${Object.keys(known).join(", ")})`,
      );
    }
  }
}

/** Wall-clock timer in seconds. */
export function timer(): () => number {
  const t0 = performance.now();
  return () => (performance.now() - t0) / 1000;
}
