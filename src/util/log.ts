/**
 * Human-readable output goes to stderr so that stdout stays free for the `--json`
 * summary line (DESIGN.md, "Contracts").
 */
const encoder = new TextEncoder();

let quiet = false;

/** Silences {@link log} (used by tests and by the server). */
export function setQuiet(value: boolean): void {
  quiet = value;
}

/** Writes one line to stderr. */
export function log(message: string): void {
  if (quiet) return;
  Deno.stderr.writeSync(encoder.encode(message + "\n"));
}

/** Writes one warning line to stderr (always, even when quiet). */
export function warn(message: string): void {
  Deno.stderr.writeSync(encoder.encode(`warning: ${message}\n`));
}
