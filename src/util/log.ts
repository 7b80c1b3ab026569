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
  write(message);
}

/** Writes one warning line to stderr (always, even when quiet). */
export function warn(message: string): void {
  write(`warning: ${message}`);
}

/** One line to stderr; the console where there is no Deno (an edge worker, a browser). */
function write(line: string): void {
  if (typeof Deno === "undefined") console.error(line);
  else Deno.stderr.writeSync(encoder.encode(line + "\n"));
}
