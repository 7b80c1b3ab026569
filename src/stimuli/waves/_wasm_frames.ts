/** What the batched wave kernels export for producing frames. */
export interface FrameKernel {
  readonly memory: WebAssembly.Memory;
  /** Advances `frames` frames (≤ one batch), rendering them to the output buffer if `write`. */
  run(frames: number, write: number): void;
}

/** The frame-producing surface shared by the wave engines. */
export interface FrameSource {
  /** Advances `frames` frames, writing them into `out` if given. */
  run(frames: number, out: Uint8Array | null): void;
  /** Advances up to `maxFrames` frames (at most one batch); returns a view of the kernel's buffer. */
  view(maxFrames: number): Uint8Array;
}

/** Drives a kernel that renders up to `batch` frames of `pixels` bytes at `outPtr`. */
export function batchedFrames(
  wasm: FrameKernel,
  outPtr: number,
  batch: number,
  pixels: number,
): FrameSource {
  const frames = (k: number) => new Uint8Array(wasm.memory.buffer, outPtr, k * pixels);
  return {
    view(maxFrames) {
      const k = Math.min(maxFrames, batch);
      wasm.run(k, 1);
      return frames(k);
    },
    run(count, out) {
      for (let done = 0; done < count;) {
        const k = Math.min(batch, count - done);
        wasm.run(k, out ? 1 : 0);
        if (out) out.set(frames(k), done * pixels);
        done += k;
      }
    },
  };
}
