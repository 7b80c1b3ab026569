/**
 * tfjs's WASM backend on a shared memory, so that our kernel threads (./pool.ts) work on its
 * tensors in place instead of copying them to a memory of their own.
 *
 * tfjs-backend-wasm's binary defines its memory (not shared: it runs single-threaded under
 * Deno). {@link shareTfjsHeap} intercepts the next `WebAssembly.instantiate` of such a
 * binary (an emscripten module: it imports `wasi_snapshot_preview1`) and rewrites the memory
 * definition into an import of a shared memory with the same limits, which it supplies.
 * Nothing else in the binary changes: tfjs runs as before (same results and speed, measured)
 * and its heap grows as before. Where shared memory or the rewrite is not possible, the
 * binary is instantiated unchanged.
 *
 * @module
 */

/** Module name of the memory import the rewrite adds. */
const IMPORT_MODULE = "prevision";
const MAX_PAGES = 65536;

function readLeb(bytes: Uint8Array, at: number): [number, number] {
  let value = 0, shift = 0, byte: number;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

function leb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return out;
}

function name(s: string): number[] {
  const bytes = new TextEncoder().encode(s);
  return [...leb(bytes.length), ...bytes];
}

/** Memory limits in pages. */
export interface Limits {
  initial: number;
  maximum: number;
}

/**
 * The binary with its one defined memory turned into an import `prevision.memory` of a
 * shared memory with the same limits (maximum 65536 pages when it had none); null when the
 * binary does not define exactly one memory.
 */
export function importSharedMemory(
  binary: Uint8Array,
): { bytes: Uint8Array; limits: Limits } | null {
  const sections = sectionsOf(binary);
  const memories = sections.filter((s) => s.id === 5);
  if (memories.length !== 1) return null;
  const [count, p] = readLeb(memories[0].body, 0);
  if (count !== 1) return null;
  const flags = memories[0].body[p];
  if (flags !== 0 && flags !== 1) return null; // already shared, or 64-bit
  const [initial, q] = readLeb(memories[0].body, p + 1);
  const maximum = flags === 1 ? readLeb(memories[0].body, q)[0] : MAX_PAGES;
  const entry = [...name(IMPORT_MODULE), ...name("memory"), 0x02, 0x03, ...leb(initial)];
  entry.push(...leb(maximum));
  const out: { id: number; body: Uint8Array }[] = [];
  let imports = sections.some((s) => s.id === 2);
  for (const s of sections) {
    if (s.id === 5) continue;
    if (s.id === 2) {
      const [n, rest] = readLeb(s.body, 0);
      out.push({
        id: 2,
        body: new Uint8Array([...leb(n + 1), ...s.body.subarray(rest), ...entry]),
      });
      continue;
    }
    if (!imports && s.id > 2) {
      imports = true; // no import section: add one before the first later section
      out.push({ id: 2, body: new Uint8Array([...leb(1), ...entry]) });
    }
    out.push(s);
  }
  return { bytes: assemble(binary.subarray(0, 8), out), limits: { initial, maximum } };
}

function sectionsOf(binary: Uint8Array): { id: number; body: Uint8Array }[] {
  const sections: { id: number; body: Uint8Array }[] = [];
  let at = 8;
  while (at < binary.length) {
    const [size, start] = readLeb(binary, at + 1);
    sections.push({ id: binary[at], body: binary.subarray(start, start + size) });
    at = start + size;
  }
  return sections;
}

function assemble(header: Uint8Array, sections: { id: number; body: Uint8Array }[]): Uint8Array {
  const parts: Uint8Array[] = [header];
  for (const s of sections) parts.push(new Uint8Array([s.id, ...leb(s.body.length)]), s.body);
  const bytes = new Uint8Array(parts.reduce((n, b) => n + b.length, 0));
  let o = 0;
  for (const part of parts) {
    bytes.set(part, o);
    o += part.length;
  }
  return bytes;
}

/**
 * The binary with its imported (unshared) memory declared shared, maximum 65536 pages: the
 * same module for a host heap that {@link shareTfjsHeap} made shared. Null when it imports
 * no such memory.
 */
export function shareImportedMemory(binary: Uint8Array): Uint8Array | null {
  const sections = sectionsOf(binary);
  const imports = sections.find((s) => s.id === 2);
  if (!imports) return null;
  const b = imports.body;
  let [count, at] = readLeb(b, 0);
  const skipName = (p: number) => {
    const [n, q] = readLeb(b, p);
    return q + n;
  };
  for (; count > 0; count--) {
    at = skipName(skipName(at));
    const kind = b[at++];
    if (kind === 0x00) at = readLeb(b, at)[1];
    else if (kind === 0x01 || kind === 0x02) {
      if (kind === 0x01) at++; // reference type
      const flags = b[at];
      const [, afterMin] = readLeb(b, at + 1);
      const end = flags & 1 ? readLeb(b, afterMin)[1] : afterMin;
      if (kind === 0x02) {
        if (flags !== 0 && flags !== 1) return null;
        const min = b.subarray(at + 1, afterMin);
        const body = new Uint8Array([
          ...b.subarray(0, at),
          0x03,
          ...min,
          ...leb(MAX_PAGES),
          ...b.subarray(end),
        ]);
        return assemble(
          binary.subarray(0, 8),
          sections.map((s) => (s === imports ? { id: 2, body } : s)),
        );
      }
      at = end;
    } else if (kind === 0x03) at += 2;
    else return null;
  }
  return null;
}

/** Whether `memory` is shared (false where this runtime has no SharedArrayBuffer at all). */
export function isShared(memory: WebAssembly.Memory): boolean {
  return typeof SharedArrayBuffer !== "undefined" && memory.buffer instanceof SharedArrayBuffer;
}

type Instantiate = typeof WebAssembly.instantiate;

/**
 * Runs `init` (which initialises tfjs's wasm backend) with the next emscripten module
 * instantiated on a shared memory, as the module comment says. Resolves with `init`'s result.
 */
export async function shareTfjsHeap<T>(init: () => Promise<T>): Promise<T> {
  const original: Instantiate = WebAssembly.instantiate;
  let done = false;
  const patched = (source: unknown, imports?: WebAssembly.Imports) => {
    const bytes = source instanceof Uint8Array
      ? source
      : source instanceof ArrayBuffer
      ? new Uint8Array(source)
      : null;
    if (!done && bytes && imports && "wasi_snapshot_preview1" in imports) {
      done = true;
      const rewritten = importSharedMemory(bytes);
      if (rewritten) {
        try {
          const memory = new WebAssembly.Memory({ ...rewritten.limits, shared: true });
          return original(rewritten.bytes, { ...imports, [IMPORT_MODULE]: { memory } })
            .catch(() => original(bytes, imports));
        } catch {
          // no shared memory here: tfjs keeps its own
        }
      }
    }
    return (original as (s: unknown, i?: WebAssembly.Imports) => unknown)(source, imports);
  };
  WebAssembly.instantiate = patched as unknown as Instantiate;
  try {
    return await init();
  } finally {
    WebAssembly.instantiate = original;
  }
}
