/**
 * The eleven model variants of Shakiba et al. 2026 and how each one is built: initialisation
 * (W* bio, W! permuted bio, W orthogonal), spatial cost (D* real positions, D grid, none)
 * and regulariser (C: WDC, C*: WD + EMD of communicability, none: WD, or Σ|W| baseline).
 */
import { InputError } from "../../util/errors.ts";
import type { RegulariserKind } from "../../models/bio_regularisers.ts";

/**
 * The variants in the paper's order.
 *
 * @example
 * ```ts
 * import { VARIANTS } from "@prevision/prevision/studies";
 * VARIANTS.length; // 11
 * ```
 */
export const VARIANTS = [
  "W*D*C",
  "WD*C",
  "WDC",
  "WD*",
  "WD",
  "W",
  "W*D*C*",
  "WD*C*",
  "W*DC*",
  "W!D*C",
  "W!D*C*",
] as const;

/** How a variant is built. */
export interface VariantSpec {
  /** The variant's name, e.g. `W*D*C`. */
  name: string;
  /** Recurrent initialisation: W* bio, W! bio with permuted nodes, W orthogonal. */
  init: "bio" | "permuted" | "orthogonal";
  /** Distances of the spatial cost: D* real soma positions, D a grid, none without D. */
  space: "real" | "grid" | "none";
  /** The regulariser added to the cross-entropy. */
  regulariser: RegulariserKind;
}

/**
 * Parses a variant name (any combination the grammar allows, not only the eleven).
 * Grammar: W[*|!] then optional D[*] then optional C[*].
 *
 * @example
 * ```ts
 * import { parseVariant } from "@prevision/prevision/studies";
 * parseVariant("W*D*C").regulariser; // "wdc"
 * ```
 */
export function parseVariant(name: string): VariantSpec {
  const m = name.match(/^W([*!]?)(D(\*?))?(C(\*?))?$/);
  if (!m) throw new InputError(`unknown variant '${name}' (expected e.g. ${VARIANTS.join(", ")})`);
  const init = m[1] === "*" ? "bio" : m[1] === "!" ? "permuted" : "orthogonal";
  const space = m[2] === undefined ? "none" : m[3] === "*" ? "real" : "grid";
  let regulariser: RegulariserKind;
  if (m[4] === undefined) regulariser = space === "none" ? "l1" : "wd";
  else {
    if (space === "none") throw new InputError(`variant '${name}': C needs a spatial term D or D*`);
    regulariser = m[5] === "*" ? "emd" : "wdc";
  }
  return { name, init, space, regulariser };
}

/**
 * A filename-safe key for a variant: * → s, ! → p.
 *
 * @example
 * ```ts
 * variantSlug("W!D*C"); // "WpDsC"
 * ```
 */
export function variantSlug(name: string): string {
  return name.replace(/\*/g, "s").replace(/!/g, "p");
}

/**
 * Whether a variant starts from biological weights (W* or W!).
 *
 * @example
 * ```ts
 * isBio("W!D*C"); // true
 * ```
 */
export function isBio(name: string): boolean {
  return parseVariant(name).init !== "orthogonal";
}
