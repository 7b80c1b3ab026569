/**
 * Command-line flags derived from a study's config schema, so that every study's `--help`
 * is generated and a flag means the same thing in every study: `--seeds`, `--epochs`,
 * `--lr`, `--batch`, and the presets `--tiny`, `--quick`, `--standard`, `--full`.
 *
 * A top-level field `fooBar` becomes `--foo-bar` (or the name in its `.meta({ flag })`);
 * fields of a nested object become flags of their own names (`model.channels` →
 * `--channels`). Numbers parse as numbers (negative ones too), lists are comma-separated,
 * booleans are switches with a `--no-` form, and nullable strings take a value or stay null.
 * The schema then validates the result, so out-of-range values give one-line errors.
 *
 * @module
 */
// A full npm specifier (not the import map) so that mod.ts can be imported from a URL.
// deno-lint-ignore no-import-prefix -- see above
import { z } from "npm:zod@4.6.7";
import type { Flags, FlagSpec } from "../cli/command.ts";
import { InputError } from "../util/errors.ts";
import { type Experiment, type Preset, PRESETS } from "./contract.ts";

/** How one flag maps onto the config. */
interface FieldFlag {
  /** Path of the field in the config. */
  path: string[];
  kind: "number" | "string" | "boolean" | "list-number" | "list-string" | "seeds";
  nullable: boolean;
  spec: FlagSpec;
}

type AnySchema = z.ZodType & { def: { type: string } & Record<string, unknown> };

function unwrap(schema: AnySchema): { inner: AnySchema; nullable: boolean } {
  let inner = schema;
  let nullable = false;
  for (;;) {
    const type = inner.def.type;
    if (type === "nullable") nullable = true;
    if (type === "nullable" || type === "optional" || type === "default") {
      inner = inner.def.innerType as AnySchema;
    } else return { inner, nullable };
  }
}

function meta(schema: z.ZodType): { description?: string; flag?: string; seeds?: boolean } {
  return (z.globalRegistry.get(schema) ?? {}) as {
    description?: string;
    flag?: string;
    seeds?: boolean;
  };
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function describeField(schema: z.ZodType, inner: AnySchema): string {
  const text = meta(schema).description ?? schema.description ?? inner.description ?? "";
  if (inner.def.type === "enum") {
    const options = (inner as unknown as { options: string[] }).options;
    return `${text}${text ? " " : ""}(${options.join(" | ")})`;
  }
  return text;
}

function collect(shape: Record<string, z.ZodType>, prefix: string[], out: Map<string, FieldFlag>) {
  for (const [name, field] of Object.entries(shape)) {
    if (name === "preset") continue;
    const { inner, nullable } = unwrap(field as AnySchema);
    const type = inner.def.type;
    if (type === "object") {
      collect((inner as unknown as z.ZodObject).shape, [...prefix, name], out);
      continue;
    }
    const flag = meta(field).flag ?? kebab(name);
    let kind: FieldFlag["kind"];
    if (type === "number") kind = "number";
    else if (type === "string" || type === "enum") kind = "string";
    else if (type === "boolean") kind = "boolean";
    else if (type === "array") {
      const element = unwrap(inner.def.element as AnySchema).inner.def.type;
      if (meta(field).seeds) kind = "seeds";
      else if (element === "number") kind = "list-number";
      else if (element === "string" || element === "enum") kind = "list-string";
      else continue;
    } else continue;
    if (out.has(flag)) throw new Error(`config flag --${flag} is defined twice`);
    let description = describeField(field, inner);
    if (kind === "seeds") description += " (N for 1..N, or a comma list such as 3,7)";
    else if (kind.startsWith("list")) description += " (comma-separated)";
    out.set(flag, {
      path: [...prefix, name],
      kind,
      nullable,
      spec: {
        type: kind === "boolean" ? "boolean" : "string",
        description,
        arg: type === "enum" ? "choice" : ARG[kind],
      },
    });
  }
}

/** What `--help` shows for each kind of value. */
const ARG: Partial<Record<FieldFlag["kind"], string>> = {
  number: "n",
  string: "text",
  "list-number": "list",
  "list-string": "list",
  seeds: "n|list",
};

const cache = new WeakMap<z.ZodType, Map<string, FieldFlag>>();

function fieldFlags(schema: z.ZodType): Map<string, FieldFlag> {
  let flags = cache.get(schema);
  if (!flags) {
    flags = new Map();
    const { inner } = unwrap(schema as AnySchema);
    if (inner.def.type !== "object") throw new Error("a study config schema must be an object");
    collect((inner as unknown as z.ZodObject).shape, [], flags);
    cache.set(schema, flags);
  }
  return flags;
}

/** The preset flags, the same in every study. */
export const PRESET_FLAGS: Record<string, FlagSpec> = {
  tiny: { type: "boolean", description: "seconds-long sizes, for tests" },
  quick: {
    type: "boolean",
    description: "minutes on 2 cores, shows the published direction (default)",
  },
  standard: { type: "boolean", description: "up to an hour on 2 cores, close to the paper" },
  full: { type: "boolean", description: "the paper's sizes (a GPU or a cluster)" },
};

/**
 * The flags a study's config schema defines (each config field, with `--no-X` for switches).
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { configFlags } from "@prevision/prevision/experiment";
 * const schema = z.object({ learningRate: z.number().meta({ flag: "lr", description: "Adam lr" }) });
 * Object.keys(configFlags(schema)); // ["lr"]
 * ```
 */
export function configFlags(schema: z.ZodType): Record<string, FlagSpec> {
  const flags: Record<string, FlagSpec> = {};
  for (const [name, field] of fieldFlags(schema)) {
    flags[name] = field.spec;
    if (field.kind === "boolean") {
      flags[`no-${name}`] = { type: "boolean", description: `turn --${name} off` };
    }
  }
  return flags;
}

/** The preset the flags ask for (`quick` when none). */
export function presetFrom(flags: Flags): Preset {
  const chosen = PRESETS.filter((p) => flags[p] === true);
  if (chosen.length > 1) {
    throw new InputError(`${chosen.map((p) => `--${p}`).join(" and ")} exclude each other`);
  }
  return chosen[0] ?? "quick";
}

function parseNumber(flag: string, text: string): number {
  const value = Number(text.trim());
  if (text.trim() === "" || !Number.isFinite(value)) {
    throw new InputError(`--${flag}: expected a number, got '${text}'`);
  }
  return value;
}

function parseValue(flag: string, field: FieldFlag, raw: string | boolean): unknown {
  if (field.kind === "boolean") return raw === true;
  const text = String(raw);
  switch (field.kind) {
    case "number":
      return parseNumber(flag, text);
    case "string":
      return text;
    case "list-number":
      return text.split(",").filter((s) => s.trim() !== "").map((s) => parseNumber(flag, s));
    case "list-string":
      return text.split(",").map((s) => s.trim()).filter((s) => s !== "");
    case "seeds": {
      if (!text.includes(",")) {
        const n = parseNumber(flag, text);
        if (!Number.isInteger(n) || n < 1 || n > 1000) {
          throw new InputError(
            `--${flag}: expected a count 1..1000 or a comma list, got '${text}'`,
          );
        }
        return Array.from({ length: n }, (_, i) => i + 1);
      }
      return text.split(",").filter((s) => s.trim() !== "").map((s) => parseNumber(flag, s));
    }
  }
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[path[path.length - 1]] = value;
}

/** Turns a zod error into one line naming the offending flag. */
export function configErrorLine(schema: z.ZodType, error: z.ZodError): string {
  const byPath = new Map<string, string>();
  for (const [name, field] of fieldFlags(schema)) byPath.set(field.path.join("."), name);
  const issue = error.issues[0];
  const path = issue.path.filter((p) => typeof p === "string").join(".");
  const flag = byPath.get(path);
  return `${flag ? `--${flag}` : path || "config"}: ${issue.message}`;
}

/** Validates a config against a study's schema and checks; throws a one-line InputError. */
export function validateConfig<C extends { preset: Preset }, P, R>(
  exp: Experiment<C, P, R>,
  config: unknown,
): C {
  const parsed = exp.schema.safeParse(config);
  if (!parsed.success) {
    throw new InputError(`${exp.name}: ${configErrorLine(exp.schema, parsed.error)}`);
  }
  exp.validate?.(parsed.data);
  return parsed.data;
}

/**
 * Builds a study's config from CLI flags: the chosen preset, then every config flag given,
 * then the schema's validation and the study's own checks.
 *
 * @example
 * ```ts
 * import { configure, may2025 } from "@prevision/prevision/studies";
 * const config = configure(may2025, { tiny: true, seeds: "2" });
 * config.seeds; // [1, 2]
 * ```
 */
export function configure<C extends { preset: Preset }, P, R>(
  exp: Experiment<C, P, R>,
  flags: Flags,
): C {
  const config = structuredClone(exp.presets[presetFrom(flags)]) as unknown as Record<
    string,
    unknown
  >;
  for (const [name, field] of fieldFlags(exp.schema)) {
    const raw = flags[name];
    const negated = field.kind === "boolean" && flags[`no-${name}`] === true;
    if (raw === true && negated) {
      throw new InputError(`--${name} and --no-${name} exclude each other`);
    }
    if (negated) setPath(config, field.path, false);
    else if (raw !== undefined && !Array.isArray(raw) && raw !== false) {
      setPath(config, field.path, parseValue(name, field, raw));
    }
  }
  return validateConfig(exp, config);
}
