/**
 * Prometheus metrics in the text exposition format: request counts by route and status, a
 * latency histogram, predict batch sizes, queue rejections and the live tfjs tensor count.
 */
import type { MiddlewareHandler } from "hono";
import { tf } from "../../backend/tf.ts";

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256];

class Histogram {
  readonly counts: number[];
  sum = 0;
  count = 0;
  constructor(readonly buckets: number[]) {
    this.counts = buckets.map(() => 0);
  }
  observe(value: number): void {
    this.sum += value;
    this.count++;
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]) this.counts[i]++;
  }
  render(name: string, labels: string): string[] {
    const sep = labels ? "," : "";
    const lines = this.buckets.map((b, i) =>
      `${name}_bucket{${labels}${sep}le="${b}"} ${this.counts[i]}`
    );
    lines.push(`${name}_bucket{${labels}${sep}le="+Inf"} ${this.count}`);
    const wrap = labels ? `{${labels}}` : "";
    lines.push(`${name}_sum${wrap} ${this.sum}`, `${name}_count${wrap} ${this.count}`);
    return lines;
  }
}

/** Methods counted under their own name; any other becomes `OTHER` (a client can invent them). */
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]);

function label(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** One registry of metrics per app instance (per worker under `deno serve --parallel`). */
export class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly latency = new Map<string, Histogram>();
  private readonly batches = new Map<string, Histogram>();
  private readonly rejected = new Map<string, number>();

  /** Counts one finished request. `route` is the matched route pattern, not the raw path. */
  request(method: string, route: string, status: number, seconds: number): void {
    const known = METHODS.has(method) ? method : "OTHER";
    const key = `method="${known}",route="${label(route)}",status="${status}"`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    const lkey = `route="${label(route)}"`;
    let h = this.latency.get(lkey);
    if (!h) this.latency.set(lkey, h = new Histogram(LATENCY_BUCKETS));
    h.observe(seconds);
  }

  /** Records the number of rows in one predict batch. */
  batch(model: string, rows: number): void {
    const key = `model="${label(model)}"`;
    let h = this.batches.get(key);
    if (!h) this.batches.set(key, h = new Histogram(BATCH_BUCKETS));
    h.observe(rows);
  }

  /** Counts one request turned away because the model's queue was full. */
  reject(model: string): void {
    const key = `model="${label(model)}"`;
    this.rejected.set(key, (this.rejected.get(key) ?? 0) + 1);
  }

  /** Middleware that times every request and counts it by matched route. */
  middleware(): MiddlewareHandler {
    return async (c, next) => {
      const start = performance.now();
      try {
        await next();
      } finally {
        const route = c.req.routePath && c.req.routePath !== "/*" ? c.req.routePath : "unmatched";
        this.request(c.req.method, route, c.res.status, (performance.now() - start) / 1000);
      }
    };
  }

  /** The exposition text. `extra` adds gauges (e.g. models loaded). */
  render(extra: Record<string, number> = {}): string {
    const out: string[] = [];
    out.push("# HELP prevision_http_requests_total HTTP requests by method, route and status.");
    out.push("# TYPE prevision_http_requests_total counter");
    for (const [k, v] of this.requests) out.push(`prevision_http_requests_total{${k}} ${v}`);
    out.push("# HELP prevision_http_request_duration_seconds Request latency.");
    out.push("# TYPE prevision_http_request_duration_seconds histogram");
    for (const [k, h] of this.latency) {
      out.push(...h.render("prevision_http_request_duration_seconds", k));
    }
    out.push("# HELP prevision_predict_batch_size Rows per executed predict batch.");
    out.push("# TYPE prevision_predict_batch_size histogram");
    for (const [k, h] of this.batches) out.push(...h.render("prevision_predict_batch_size", k));
    out.push("# HELP prevision_predict_rejected_total Predict requests refused (queue full).");
    out.push("# TYPE prevision_predict_rejected_total counter");
    for (const [k, v] of this.rejected) out.push(`prevision_predict_rejected_total{${k}} ${v}`);
    const mem = tf.memory();
    out.push("# HELP prevision_tfjs_tensors Live tfjs tensors.");
    out.push("# TYPE prevision_tfjs_tensors gauge");
    out.push(`prevision_tfjs_tensors ${mem.numTensors}`);
    out.push("# HELP prevision_tfjs_bytes Bytes held by live tfjs tensors.");
    out.push("# TYPE prevision_tfjs_bytes gauge");
    out.push(`prevision_tfjs_bytes ${mem.numBytes}`);
    for (const [name, value] of Object.entries(extra)) {
      out.push(`# TYPE ${name} gauge`, `${name} ${value}`);
    }
    return out.join("\n") + "\n";
  }
}
