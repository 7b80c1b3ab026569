/** The local runner's overall progress: one line per finished unit, with elapsed time and ETA. */
import { log } from "../util/log.ts";

/** Seconds as `42.0 s`, `3 min 05 s` or `2 h 07 min`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const s = Math.round(seconds);
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
  const m = Math.round(s / 60);
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
}

/** Counts finished units and prints `[done/total] key done (elapsed, ETA …)`. */
export class UnitProgress {
  readonly #t0 = performance.now();
  #done: number;
  #finishedHere = 0;
  #left: number;

  /** `alreadyDone` units had results before this invocation; `toRun` are to be run now. */
  constructor(readonly total: number, alreadyDone: number, toRun: number) {
    this.#done = alreadyDone;
    this.#left = toRun;
  }

  /** A unit finished (or was found done by another process). */
  done(key: string): void {
    this.#done++;
    this.#finishedHere++;
    this.#left--;
    const elapsed = (performance.now() - this.#t0) / 1000;
    const eta = this.#left > 0
      ? `, ETA ${formatDuration((elapsed / this.#finishedHere) * this.#left)}`
      : "";
    log(`[${this.#done}/${this.total}] ${key} done (${formatDuration(elapsed)}${eta})`);
  }

  /** A unit was given up on: it no longer counts towards the time left. */
  failed(): void {
    this.#left--;
  }
}
