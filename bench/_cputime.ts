import process from "node:process";

/**
 * CPU time (user + system, all threads) of this process in ms, or null where the runtime
 * cannot tell. On a shared machine this, not wall-clock time, estimates an idle machine's
 * time for single-threaded work.
 */
export function processCpuMs(): number | null {
  try {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  } catch {
    return null;
  }
}
