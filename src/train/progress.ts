/**
 * Training progress on stderr: a redrawn bar when stderr is a terminal (and
 * `PREVISION_PROGRESS` is not `lines`), otherwise one line per epoch (logs and CI stay
 * readable).
 */
import { log } from "../util/log.ts";

const encoder = new TextEncoder();

function isTerminal(): boolean {
  try {
    // Worker processes sharing one terminal would redraw over each other: the executor
    // sets PREVISION_PROGRESS=lines for them.
    if (Deno.env.get("PREVISION_PROGRESS") === "lines") return false;
  } catch {
    // no env permission
  }
  try {
    return Deno.stderr.isTerminal();
  } catch {
    return false;
  }
}

/** Progress of one training run. */
export class Progress {
  readonly #bar: boolean;
  #lastDraw = 0;

  /**
   * Progress lines labelled `label`; `bar` redraws one line in place (default: when stderr is a
   * terminal).
   */
  constructor(readonly label: string, bar: boolean = isTerminal()) {
    this.#bar = bar;
  }

  /** Called after each step; redraws the bar at most 10 times a second. */
  step(epoch: number, epochs: number, step: number, steps: number, loss: number): void {
    if (!this.#bar) return;
    const now = performance.now();
    if (now - this.#lastDraw < 100 && step < steps) return;
    this.#lastDraw = now;
    const width = 24;
    const filled = Math.round((width * step) / Math.max(1, steps));
    const bar = "█".repeat(filled) + "░".repeat(width - filled);
    const text = `\r${this.label} epoch ${epoch}/${epochs} ${bar} ${step}/${steps} loss ${
      loss.toFixed(3)
    }\x1b[K`;
    Deno.stderr.writeSync(encoder.encode(text));
  }

  /** Called once per epoch with its summary line. */
  epoch(line: string): void {
    if (this.#bar) Deno.stderr.writeSync(encoder.encode("\r\x1b[K"));
    log(`${this.label} ${line}`);
  }
}
