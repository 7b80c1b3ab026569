/**
 * Runs wave simulations in one worker per app so that a long simulation never blocks other
 * requests; at most `maxPending` jobs wait (503 + Retry-After beyond). Where workers are not
 * available (some edge runtimes) jobs run inline. The worker stops after `idleMs` without a
 * job: a live worker keeps its process running, and under `deno serve --parallel` (where no
 * one calls close()) that made SIGINT wait for ever.
 */
import type { WaveMovie } from "../../stimuli/waves/types.ts";
import { InputError } from "../../util/errors.ts";
import { ApiError } from "../errors/mod.ts";
import { simulate, type WaveJob } from "./_simulate.ts";

type Reply = { id: number; movie?: WaveMovie; error?: string; input?: boolean };

/** A single-worker job queue. */
export class WavePool {
  private worker: Worker | null | undefined;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (m: WaveMovie) => void; reject: (e: unknown) => void }
  >();

  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly maxPending = 8, private readonly idleMs = 2000) {}

  /** Stops the worker once no job has come for `idleMs`. */
  private settle(): void {
    clearTimeout(this.idleTimer);
    if (this.pending.size > 0) return;
    this.idleTimer = setTimeout(() => {
      if (this.pending.size === 0) this.close();
    }, this.idleMs);
    if (typeof Deno !== "undefined") Deno.unrefTimer(this.idleTimer as unknown as number);
  }

  private start(): Worker | null {
    if (this.worker !== undefined) return this.worker;
    try {
      const worker = new Worker(new URL("./_worker.ts", import.meta.url), { type: "module" });
      worker.onmessage = (event: MessageEvent<Reply>) => {
        const { id, movie, error, input } = event.data;
        const waiter = this.pending.get(id);
        if (!waiter) return;
        this.pending.delete(id);
        this.settle();
        if (movie) waiter.resolve(movie);
        else {waiter.reject(
            input ? new InputError(error ?? "bad wave parameters") : new Error(error),
          );}
      };
      worker.onerror = (event) => {
        event.preventDefault();
        for (const w of this.pending.values()) {
          w.reject(new Error(`wave worker failed: ${event.message}`));
        }
        this.pending.clear();
        this.worker?.terminate();
        this.worker = undefined; // a fresh worker next time
      };
      this.worker = worker;
    } catch {
      this.worker = null;
    }
    return this.worker;
  }

  /** Simulates `job`; throws 503 when too many jobs are waiting. */
  run(job: WaveJob): Promise<WaveMovie> {
    if (this.pending.size >= this.maxPending) {
      throw new ApiError(503, "overloaded", "too many wave simulations queued; retry later", {
        "Retry-After": "1",
      });
    }
    const worker = this.start();
    if (!worker) return Promise.resolve(simulate(job));
    clearTimeout(this.idleTimer);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, job });
    });
  }

  /** Stops the worker. */
  close(): void {
    clearTimeout(this.idleTimer);
    this.worker?.terminate();
    this.worker = undefined;
  }
}
