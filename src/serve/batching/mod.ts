/**
 * Dynamic batching: concurrent predict requests for one model are stacked along the batch
 * axis and run as one `model.predict`. A batch runs when it is full (`maxBatch` rows) or when
 * its first request has waited `waitMs`; while a batch runs, new requests queue and form the
 * next one. Beyond `maxQueue` waiting requests, new ones are refused with 503 + Retry-After.
 * One batch runs at a time per model: tfjs executes one op at a time anyway.
 */
import { ApiError } from "../errors/mod.ts";

/** Runs `rows` stacked examples (`data` is rows × rowSize values) and returns the outputs. */
export type BatchRunner = (data: Float32Array, rows: number) => Promise<Float32Array>;

/** Limits of one batcher. */
export interface BatcherOptions {
  maxBatch: number;
  waitMs: number;
  maxQueue: number;
  /** Values per input row. */
  rowSize: number;
  /** Called with the number of rows of each executed batch. */
  onBatch?: (rows: number) => void;
}

interface Pending {
  data: Float32Array;
  rows: number;
  resolve: (out: Float32Array) => void;
  reject: (error: unknown) => void;
}

/** A per-model queue that merges concurrent requests into batches. */
export class Batcher {
  private readonly queue: Pending[] = [];
  private running = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly run: BatchRunner, private readonly opts: BatcherOptions) {}

  /** Requests waiting (not yet running). */
  get queued(): number {
    return this.queue.length;
  }

  /** Queues `rows` examples; resolves with their outputs. Throws 503 when the queue is full. */
  submit(data: Float32Array, rows: number): Promise<Float32Array> {
    if (this.queue.length >= this.opts.maxQueue) {
      const retry = String(Math.max(1, Math.ceil((this.opts.waitMs + 50) / 1000)));
      throw new ApiError(503, "overloaded", "model queue is full; retry later", {
        "Retry-After": retry,
      });
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ data, rows, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once nothing is queued or running (graceful shutdown). */
  idle(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private queuedRows(): number {
    let n = 0;
    for (const p of this.queue) n += p.rows;
    return n;
  }

  private schedule(): void {
    if (this.running || this.queue.length === 0) return;
    if (
      this.queuedRows() >= this.opts.maxBatch || this.opts.maxBatch === 1 || this.opts.waitMs <= 0
    ) {
      this.flush();
    } else if (this.timer === undefined) {
      this.timer = setTimeout(() => this.flush(), this.opts.waitMs);
    }
  }

  private flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running || this.queue.length === 0) return;
    const batch: Pending[] = [this.queue.shift()!];
    let rows = batch[0].rows;
    while (this.queue.length && rows + this.queue[0].rows <= this.opts.maxBatch) {
      const next = this.queue.shift()!;
      rows += next.rows;
      batch.push(next);
    }
    this.running = true;
    this.execute(batch, rows).finally(() => {
      this.running = false;
      // Requests that arrived while this batch ran have already waited: run them now.
      if (this.queue.length) this.flush();
      else for (const done of this.idleWaiters.splice(0)) done();
    });
  }

  private async execute(batch: Pending[], rows: number): Promise<void> {
    try {
      let input: Float32Array;
      if (batch.length === 1) input = batch[0].data;
      else {
        input = new Float32Array(rows * this.opts.rowSize);
        let at = 0;
        for (const p of batch) {
          input.set(p.data, at);
          at += p.data.length;
        }
      }
      const output = await this.run(input, rows);
      this.opts.onBatch?.(rows);
      const outRow = output.length / rows;
      let at = 0;
      for (const p of batch) {
        const n = p.rows * outRow;
        p.resolve(output.subarray(at, at + n));
        at += n;
      }
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }
}
