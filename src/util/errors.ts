/**
 * Errors the user can fix: bad flags, wrong shapes, missing files. The CLI prints
 * their message as one line and exits with code 2; the server answers 4xx.
 *
 * @example
 * ```ts
 * import { InputError } from "@prevision/prevision";
 * const size = -3;
 * if (size <= 0) throw new InputError(`size must be positive, got ${size}`);
 * ```
 */
export class InputError extends Error {
  /** HTTP status used when the error reaches the server (400 unless said otherwise). */
  readonly status: number;
  /** Creates an error whose `message` is shown to the user as one line. */
  constructor(message: string, status = 400) {
    super(message);
    this.name = "InputError";
    this.status = status;
  }
}

/**
 * Throws an {@link InputError} with `message` unless `condition` holds: the one-line check
 * for arguments a caller can fix. (Named `ensure`, not `require`, so it shadows no
 * CommonJS global.)
 *
 * @example
 * ```ts
 * import { ensure } from "@prevision/prevision";
 * const fps = 30;
 * ensure(fps > 0, `fps must be > 0, got ${fps}`);
 * ```
 */
export function ensure(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InputError(message);
}

/**
 * One line describing any thrown value, for logs and CLI output.
 *
 * @example
 * ```ts
 * import { errorMessage } from "@prevision/prevision";
 * errorMessage(new Error("bad\nstack")); // "bad"
 * ```
 */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0];
}
