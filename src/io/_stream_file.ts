/**
 * A file written in pieces but published atomically: bytes go to a temporary file beside
 * the target, which is renamed over it on `commit()`; `abort()` (or any error) removes it,
 * so no partial output is ever left under the target name.
 */
import { dirname } from "node:path";

/** A temporary file that becomes `path` on commit. */
export class AtomicStreamFile {
  readonly path: string;
  readonly tmp: string;
  #file: Deno.FsFile;
  #done = false;
  /** Bytes written so far. */
  written = 0;

  constructor(path: string) {
    this.path = path;
    Deno.mkdirSync(dirname(path), { recursive: true });
    this.tmp = `${path}.tmp-${Deno.pid}-${crypto.randomUUID().slice(0, 8)}`;
    this.#file = Deno.openSync(this.tmp, { write: true, createNew: true });
  }

  /** Appends bytes. */
  write(bytes: Uint8Array): void {
    let off = 0;
    while (off < bytes.length) off += this.#file.writeSync(bytes.subarray(off));
    this.written += bytes.length;
  }

  /** Overwrites bytes at `offset` (e.g. a header once the length is known). */
  writeAt(offset: number, bytes: Uint8Array): void {
    this.#file.seekSync(offset, Deno.SeekMode.Start);
    let off = 0;
    while (off < bytes.length) off += this.#file.writeSync(bytes.subarray(off));
    this.#file.seekSync(0, Deno.SeekMode.End);
  }

  /** Closes and renames the file into place. */
  commit(): void {
    if (this.#done) return;
    this.#done = true;
    this.#file.close();
    Deno.renameSync(this.tmp, this.path);
  }

  /** Closes and deletes the temporary file. */
  abort(): void {
    if (this.#done) return;
    this.#done = true;
    try {
      this.#file.close();
    } catch { /* already closed */ }
    try {
      Deno.removeSync(this.tmp);
    } catch { /* already gone */ }
  }
}
