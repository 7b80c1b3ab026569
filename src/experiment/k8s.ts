/**
 * The Kubernetes runner (write-only): an Indexed Job whose completion index i runs units
 * i·chunk+1 … (i+1)·chunk, with the unit list and config in a ConfigMap and the run folder
 * on a shared PersistentVolumeClaim. Written as JSON, which `kubectl apply -f` accepts.
 * After the Job completes, `deno task sweep <study> --resume DIR --aggregate` builds the
 * report.
 *
 * @module
 */
import { join, posix } from "node:path";
import { V8_FLAGS } from "../backend/v8_flags.ts";
import { writeFileAtomic } from "../util/atomic.ts";
import { checkoutRoot, workerPermissions } from "./permissions.ts";
import { configPath, executorDir, pendingUnits, type Run } from "./run_dir.ts";
import { shJoin, shq } from "./_shell.ts";

/** Options of {@link writeK8sManifest}. */
export interface K8sOptions {
  /** Container image holding Deno and this checkout (at `/app`, with deps cached). */
  image: string;
  /** PersistentVolumeClaim that holds the results (mounted at `/results`). */
  pvc: string;
  /** Pods at once. */
  parallelism: number;
  /** Units per completion index. */
  chunk: number;
  /** Attempts per index (`backoffLimitPerIndex` + 1). */
  attempts: number;
  /** CPUs requested per pod (also its kernel threads). */
  cpus: number;
  /** Kubernetes memory quantity, e.g. `4Gi`. */
  memory: string;
  /** Extra arguments for every worker (e.g. `--backend=wasm`). */
  workerArgs: string[];
}

/**
 * Kubernetes memory from a Slurm-style `4G` (→ `4Gi`); Kubernetes quantities pass as is.
 *
 * @example
 * ```ts
 * import { k8sMemory } from "@prevision/prevision/experiment";
 * k8sMemory("4G"); // "4Gi"
 * ```
 */
export function k8sMemory(mem: string): string {
  const m = mem.match(/^(\d+)([KMGT])?$/);
  return m ? `${m[1]}${m[2] ? `${m[2]}i` : "Mi"}` : mem;
}

/**
 * Writes `<runDir>/executor/k8s/job.json` for the pending units of `run`; returns its path
 * and size.
 *
 * @example
 * ```ts
 * import { may2025, openRun, writeK8sManifest } from "@prevision/prevision/studies";
 * const run = await openRun(may2025, "may2025", "runs/may2025-full");
 * const { manifest } = await writeK8sManifest(run, {
 *   image: "registry.example/prevision:0.1",
 *   pvc: "prevision-results",
 *   parallelism: 20,
 *   chunk: 1,
 *   attempts: 2,
 *   cpus: 4,
 *   memory: "8G",
 *   workerArgs: [],
 * });
 * ```
 */
export async function writeK8sManifest(
  run: Run,
  opts: K8sOptions,
): Promise<{ manifest: string; completions: number; pending: number }> {
  const pending = await pendingUnits(run);
  const completions = Math.max(1, Math.ceil(pending.length / opts.chunk));
  const slug = `prevision-${run.experiment.name}`.toLowerCase().replace(/[^a-z0-9-]/g, "-");
  const runDir = posix.join("/results", posix.basename(run.runDir));
  // A module path inside this checkout keeps its place under /app; one outside is expected
  // beside it, at /app/<file name>.
  const root = checkoutRoot();
  const inside = run.ref.startsWith(root) ? run.ref.slice(root.length) : posix.basename(run.ref);
  const ref = run.ref.startsWith("/") ? posix.join("/app", inside) : run.ref;
  const worker = [
    "deno",
    "run",
    ...V8_FLAGS,
    ...workerPermissions(runDir, "deno"),
    "--config",
    "/app/deno.json",
    "/app/cli.ts",
    "sweep",
    ref,
    "--out",
    runDir,
    ...opts.workerArgs,
  ];
  const script = [
    "set -u",
    `mkdir -p ${shq(runDir)}`,
    `[ -f ${shq(runDir)}/config.json ] || { cp /etc/prevision/config.json ${
      shq(runDir)
    }/config.json.$$ && mv ${shq(runDir)}/config.json.$$ ${shq(runDir)}/config.json; }`,
    `first=$(( JOB_COMPLETION_INDEX * ${opts.chunk} + 1 )); last=$(( first + ${opts.chunk} - 1 ))`,
    "status=0",
    'for key in $(sed -n "${first},${last}p" /etc/prevision/units.txt); do',
    `  ${shJoin(worker)} --unit "$key" || status=1`,
    "done",
    'exit "$status"',
  ].join("\n");
  const config = await Deno.readTextFile(configPath(run.runDir));
  const manifest = {
    apiVersion: "v1",
    kind: "List",
    items: [
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: `${slug}-units` },
        data: { "units.txt": pending.map((u) => u.key).join("\n") + "\n", "config.json": config },
      },
      {
        apiVersion: "batch/v1",
        kind: "Job",
        metadata: { name: slug },
        spec: {
          completionMode: "Indexed",
          completions,
          parallelism: Math.min(opts.parallelism, completions),
          backoffLimitPerIndex: opts.attempts - 1,
          maxFailedIndexes: completions,
          template: {
            spec: {
              restartPolicy: "Never",
              containers: [{
                name: "unit",
                image: opts.image,
                workingDir: "/app",
                command: ["bash", "-c", script],
                env: [
                  { name: "NO_COLOR", value: "1" },
                  { name: "PREVISION_THREADS", value: String(opts.cpus) },
                ],
                resources: {
                  requests: { cpu: String(opts.cpus), memory: k8sMemory(opts.memory) },
                  limits: { memory: k8sMemory(opts.memory) },
                },
                volumeMounts: [
                  { name: "results", mountPath: "/results" },
                  { name: "units", mountPath: "/etc/prevision", readOnly: true },
                ],
              }],
              volumes: [
                { name: "results", persistentVolumeClaim: { claimName: opts.pvc } },
                { name: "units", configMap: { name: `${slug}-units` } },
              ],
            },
          },
        },
      },
    ],
  };
  const path = join(executorDir(run.runDir), "k8s", "job.json");
  await writeFileAtomic(path, JSON.stringify(manifest, null, 2) + "\n");
  return { manifest: path, completions, pending: pending.length };
}
