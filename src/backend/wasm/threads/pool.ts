/**
 * A pool of threads sharing one WASM memory, for our convolution kernels
 * (kernels/src/_conv_threads.ts). tfjs runs its WASM backend single-threaded under Deno,
 * so the second core is ours to use: the main thread posts a job (function + arguments)
 * in a control block in the shared memory, wakes the workers with `Atomics.notify`, does
 * its own share and waits for theirs with `Atomics.wait` — jobs are synchronous, as tfjs
 * kernels must be.
 *
 * The memory is the pool's own until {@link attachHeap} moves it onto tfjs's heap, made
 * shared by ./tfjs_heap.ts (`useBackend("wasm")` does both): the kernels then read and
 * write tfjs tensors in place, and their buffers come from tfjs's allocator.
 *
 * Threads start with {@link startThreads} (`useBackend("wasm")` does it, one per core,
 * `PREVISION_THREADS` overrides); without them every job runs on the calling thread.
 * Workers are `node:worker_threads` workers, unref'd, so they never keep a process alive.
 * Where relaxed SIMD validates, the fused multiply-add build of the module is used.
 *
 * @module
 */
import { compileWasm } from "../../wasm_modules.ts";
import { wasmBytes as relaxedBytes } from "../../../../kernels/generated/conv_threads.ts";
import { wasmBytes as plainBytes } from "../../../../kernels/generated/conv_threads_simd.ts";
import { InputError } from "../../../util/errors.ts";

/** The exports of kernels/src/_conv_threads.ts (pointers are byte offsets, then tid, nt). */
export const JOBS = [
  "conv",
  "filterGrad",
  "pointwise",
  "channelSums",
  "clearBorder",
  "winograd",
  "winogradFilterGrad",
  "winograd4",
  "winograd4FilterGrad",
  "padCopy",
  "channelMoments",
  "channelAffine",
] as const;
/** One of {@link JOBS}. */
export type Job = typeof JOBS[number];

/** Bytes at the start of the memory reserved for the control block. */
const CONTROL_BYTES = 4096;
/** Largest memory: 2 GiB (pointers stay below 2^31). */
const MAX_PAGES = 32768;
const MAX_ARGS = 24;
/** Polls of the done counter before the main thread sleeps on it (about 0.1 ms). */
const SPINS = 20_000;

interface MinimalWorker {
  unref(): void;
  terminate(): unknown;
  once(event: string, listener: (value: unknown) => void): void;
}

/** Which build of the module runs and on how many threads. */
export interface PoolInfo {
  threads: number;
  fma: boolean;
}

/** Whether this runtime validates the relaxed-SIMD build. */
const HAS_FMA = WebAssembly.validate(relaxedBytes as BufferSource);
/** Allocation on a memory that another module (tfjs) manages. */
export interface HostHeap {
  malloc(bytes: number): number;
  free(at: number): void;
}
let memory = new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES, shared: true });
let host: HostHeap | null = null;
/** Byte offset of the control block in `memory` (and where a host's malloc put it). */
let ctlAt = 0;
let controlRaw = 0;
let fma = HAS_FMA;
let module: WebAssembly.Module;
let exports: Record<Job, (...args: number[]) => void>;
let ctl: Int32Array;
load();

function load(): void {
  module = compileWasm(fma ? relaxedBytes : plainBytes);
  const instance = new WebAssembly.Instance(module, { env: { memory, abort: () => {} } });
  (instance.exports.setControl as (at: number) => void)(ctlAt);
  exports = instance.exports as Record<Job, (...args: number[]) => void>;
  ctl = new Int32Array(memory.buffer, ctlAt, CONTROL_BYTES / 4);
}
let workers: MinimalWorker[] = [];
let starting: Promise<number> | null = null;

/**
 * Moves the pool onto `shared`, a shared memory that another module allocates in (tfjs's
 * own heap, see ./tfjs_heap.ts): our kernels then read and write that module's tensors in
 * place. The control block and every buffer come from `heap`. Running threads restart on
 * the new memory.
 */
export async function attachHeap(shared: WebAssembly.Memory, heap: HostHeap): Promise<void> {
  if (shared !== memory) await moveTo(shared, heap);
}

/**
 * Moves the pool back onto a memory of its own (tfjs tensors are then copied in and out);
 * for tests and benchmarks of that path. Running threads restart.
 */
export async function detachHeap(): Promise<void> {
  if (host) {
    await moveTo(new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES, shared: true }), null);
  }
}

/** Puts the pool on `target` (allocated by `heap`, or the pool's own when null). */
async function moveTo(target: WebAssembly.Memory, heap: HostHeap | null): Promise<void> {
  const threads = workers.length + 1;
  stopThreads();
  releaseChunks();
  if (host) host.free(controlRaw);
  controlRaw = heap ? heap.malloc(CONTROL_BYTES + 64) : 0;
  ctlAt = Math.ceil(controlRaw / 64) * 64;
  new Uint8Array(target.buffer, ctlAt, CONTROL_BYTES).fill(0);
  memory = target;
  host = heap;
  load();
  if (threads > 1) await startThreads(threads, { fma });
}

function releaseChunks(): void {
  for (const c of chunks) host?.free(c.raw);
  chunks = [];
  restartHeap();
}

/** Whether the pool runs on tfjs's heap (see {@link attachHeap}). */
export function onHostHeap(shared: WebAssembly.Memory): boolean {
  return host !== null && shared === memory;
}

/** The pool's shared memory (it grows: re-create views after allocating). */
export function sharedMemory(): WebAssembly.Memory {
  return memory;
}

// Buffers for kernel calls: a bump allocator over chunks that never move, restarted by
// every layout (kernel calls do not overlap). On the pool's own memory one chunk starts
// after the control block and the memory grows to fit; on a host's heap, chunks come from
// its malloc, at least CHUNK_BYTES each, and are kept for the next calls.
const CHUNK_BYTES = 16 << 20;
let chunks: { at: number; bytes: number; raw: number }[] = [];
let chunk = 0;
let used = 0;

/** Starts a new layout: the buffers of the previous one are free again. */
export function restartHeap(): void {
  chunk = 0;
  used = 0;
}

/** `bytes` bytes (64-aligned) for the current kernel call; see {@link restartHeap}. */
export function heapAlloc(bytes: number): number {
  const size = Math.ceil(bytes / 64) * 64;
  if (!host) {
    const at = CONTROL_BYTES + used;
    used += size;
    reserve(used);
    return at;
  }
  for (;;) {
    if (chunk === chunks.length) {
      const want = Math.max(size, CHUNK_BYTES) + 64;
      const raw = host.malloc(want);
      if (!raw) throw new Error(`kernel thread pool: cannot allocate ${want} bytes on tfjs's heap`);
      chunks.push({ at: Math.ceil(raw / 64) * 64, bytes: want - 64, raw });
    }
    const c = chunks[chunk];
    if (used + size <= c.bytes) {
      used += size;
      return c.at + used - size;
    }
    chunk++;
    used = 0;
  }
}

/** Threads currently running jobs (1 = the calling thread only) and the build in use. */
export function poolInfo(): PoolInfo {
  return { threads: workers.length + 1, fma };
}

/** Makes sure the pool's own memory has at least `bytes` bytes after the control block. */
function reserve(bytes: number): void {
  const need = CONTROL_BYTES + bytes;
  if (need > MAX_PAGES * 65536) {
    throw new Error(`kernel thread pool: ${need} bytes exceed the 2 GiB shared memory`);
  }
  const have = memory.buffer.byteLength;
  if (need > have) memory.grow(Math.ceil((need - have) / 65536));
}

/**
 * Runs `job` over all threads: each calls it with `args` followed by (tid, nt). Returns
 * when every share is done. `meanwhile`, if given, runs on this thread after the workers
 * have started and before this thread takes its share: work that would otherwise leave
 * them idle (copies to and from tfjs tensors). It must neither run jobs nor touch the
 * memory the job reads or writes; in jobs whose rows are claimed dynamically this thread
 * then simply claims fewer.
 */
export function runJob(job: Job, args: number[], meanwhile?: () => void): void {
  const t0 = performance.now();
  try {
    dispatch(job, args, meanwhile);
  } finally {
    const s = stats[job];
    s.calls++;
    s.ms += performance.now() - t0;
  }
}

const stats = Object.fromEntries(JOBS.map((j) => [j, { calls: 0, ms: 0 }])) as Record<
  Job,
  { calls: number; ms: number }
>;

/** Calls and wall-clock ms per job since the last reset (for benchmarks). */
export function jobStats(reset = false): Record<Job, { calls: number; ms: number }> {
  const copy = structuredClone(stats);
  if (reset) { for (const j of JOBS) stats[j] = { calls: 0, ms: 0 }; }
  return copy;
}

function dispatch(job: Job, args: number[], meanwhile?: () => void): void {
  const nt = workers.length + 1;
  Atomics.store(ctl, 6, 0); // the work counter of dynamically shared jobs
  if (nt === 1) {
    meanwhile?.();
    exports[job](...args, 0, 1);
    return;
  }
  if (args.length > MAX_ARGS) throw new Error(`kernel thread pool: too many arguments`);
  Atomics.store(ctl, 1, 0);
  Atomics.store(ctl, 2, 0);
  ctl[3] = JOBS.indexOf(job);
  ctl[4] = args.length;
  for (let i = 0; i < args.length; i++) ctl[8 + i] = args[i] | 0;
  Atomics.add(ctl, 0, 1);
  Atomics.notify(ctl, 0);
  try {
    meanwhile?.();
    exports[job](...args, 0, nt);
  } finally {
    join(job, nt);
  }
}

function join(job: Job, nt: number): void {
  // The workers' shares usually end within microseconds of ours: poll before sleeping.
  for (let i = 0; i < SPINS && Atomics.load(ctl, 1) < nt - 1; i++);
  for (;;) {
    const done = Atomics.load(ctl, 1);
    if (done >= nt - 1) break;
    if (Atomics.wait(ctl, 1, done, 60_000) === "timed-out") {
      throw new Error("kernel thread pool: a worker did not finish its share within 60 s");
    }
  }
  if (Atomics.load(ctl, 2) !== 0) throw new Error(`kernel thread pool: ${job} failed in a worker`);
}

/** Stops the workers (jobs then run on the calling thread only). */
export function stopThreads(): void {
  if (!workers.length) return;
  // A new epoch, then a new generation to wake them: each worker sees the epoch change
  // and exits without touching the job counters (it may exit later than terminate()).
  Atomics.add(ctl, 5, 1);
  Atomics.add(ctl, 0, 1);
  Atomics.notify(ctl, 0);
  for (const w of workers) w.terminate();
  workers = [];
}

/** Node's `process` (a global in Deno 2 and Node), typed for the one method used here. */
function nodeProcess(): { getBuiltinModule(id: string): unknown } {
  return (globalThis as unknown as { process: { getBuiltinModule(id: string): unknown } })
    .process;
}

async function spawn(count: number): Promise<MinimalWorker[]> {
  // getBuiltinModule rather than import(): browser bundlers must not resolve a Node
  // built-in, and a computed import() specifier makes `deno publish` warn.
  const { Worker } = nodeProcess().getBuiltinModule("node:worker_threads") as {
    Worker: new (url: URL, opts: unknown) => MinimalWorker;
  };
  const url = new URL("./worker.ts", import.meta.url);
  const started: MinimalWorker[] = [];
  // A starting worker does not hold the event loop open under Deno: this timer does.
  const keepAlive = setInterval(() => {}, 1000);
  try {
    await Promise.all(
      Array.from({ length: count - 1 }, (_, i) =>
        new Promise<void>((resolve, reject) => {
          const w = new Worker(url, {
            workerData: {
              module,
              memory,
              control: ctlAt,
              names: [...JOBS],
              tid: i + 1,
              nt: count,
              generation: Atomics.load(ctl, 0),
              epoch: Atomics.load(ctl, 5),
            },
          });
          started.push(w);
          w.unref();
          w.once("message", () => resolve());
          w.once("error", (e) => reject(e));
        })),
    );
  } catch (error) {
    for (const w of started) w.terminate();
    throw error;
  } finally {
    clearInterval(keepAlive);
  }
  return started;
}

function wanted(requested?: number): number {
  if (requested !== undefined) return requested;
  let env: string | undefined;
  try {
    env = Deno.env.get("PREVISION_THREADS");
  } catch {
    env = undefined; // no env permission
  }
  if (env !== undefined && env !== "") {
    const n = Number(env);
    if (!Number.isInteger(n) || n < 1) {
      throw new InputError(`PREVISION_THREADS must be a positive integer, got '${env}'`);
    }
    return n;
  }
  return navigator.hardwareConcurrency ?? 1;
}

/**
 * Starts `count` threads in all (default: `PREVISION_THREADS`, else one per core),
 * replacing any running pool; `fma: false` selects the plain-SIMD build even where relaxed
 * SIMD is available (for benchmarks). Resolves with the number running; where workers cannot
 * start (no `node:worker_threads`, no shared memory), 1.
 */
export async function startThreads(
  count?: number,
  options: { fma?: boolean } = {},
): Promise<number> {
  const n = Math.max(1, Math.min(64, Math.floor(wanted(count))));
  if (starting) await starting.catch(() => 1);
  const useFma = HAS_FMA && (options.fma ?? true);
  if (workers.length + 1 === n && useFma === fma) return n;
  stopThreads();
  if (useFma !== fma) {
    fma = useFma;
    load();
  }
  if (n === 1 || typeof Deno === "undefined") return 1;
  starting = spawn(n).then((started) => {
    workers = started;
    return n;
  }, () => 1);
  try {
    return await starting;
  } finally {
    starting = null;
  }
}
