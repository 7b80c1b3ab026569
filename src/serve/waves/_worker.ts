/** Worker that runs wave simulations off the server's event loop. */
import { errorMessage, InputError } from "../../util/errors.ts";
import { simulate, type WaveJob } from "./_simulate.ts";

interface WorkerScope {
  onmessage: ((event: MessageEvent<{ id: number; job: WaveJob }>) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  const { id, job } = event.data;
  try {
    const movie = simulate(job);
    scope.postMessage({ id, movie }, [movie.data.buffer as ArrayBuffer]);
  } catch (error) {
    scope.postMessage({ id, error: errorMessage(error), input: error instanceof InputError });
  }
};
