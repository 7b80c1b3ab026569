/**
 * The Kubernetes runner (write-only): an Indexed Job whose completion index i runs units
 * i·chunk+1 … (i+1)·chunk, with the unit list and config in a ConfigMap and the run folder
 * on a shared PersistentVolumeClaim. Written as JSON, which `kubectl apply -f` accepts.
 * After the Job completes, `deno task sweep <experiment> --out DIR --aggregate` builds the
 * report.
 */
import { join, posix } from "node:path";
import { writeFileAtomic } from "../../util/atomic.ts";
import { pendingUnits, sweepDir, type SweepPlan, WORKER_PERMISSIONS } from "./plan.ts";
import { shJoin, shq } from "./_shell.ts";

/** Options of {@link writeK8sManifest}. */
export interface K8sOptions {
  /** Container image holding Deno and this checkout (at `/app`, with deps cached). */
  image: string;
  /** PersistentVolumeClaim that holds the results (mounted at `/results`). */
  pvc: string;
  /** Pods at once. */
  parallelism: number;
  chunk: number;
  attempts: number;
  cpus: number;
  /** Kubernetes memory quantity, e.g. `4Gi`. */
  memory: string;
  workerArgs: string[];
}

/** Kubernetes memory from a Slurm-style `4G` (→ `4Gi`); Kubernetes quantities pass as is. */
export function k8sMemory(mem: string): string {
  const m = mem.match(/^(\d+)([KMGT])?$/);
  return m ? `${m[1]}${m[2] ? `${m[2]}i` : "Mi"}` : mem;
}

/** Writes `<runDir>/sweep/k8s/job.json` for the pending units; returns its path and size. */
export async function writeK8sManifest(
  plan: SweepPlan,
  opts: K8sOptions,
): Promise<{ manifest: string; completions: number; pending: number }> {
  const pending = await pendingUnits(plan);
  const completions = Math.max(1, Math.ceil(pending.length / opts.chunk));
  const slug = `prevision-${plan.experiment.name}`.toLowerCase().replace(/[^a-z0-9-]/g, "-");
  const runDir = posix.join("/results", posix.basename(plan.runDir));
  // A module path inside this checkout keeps its place under /app; one outside is expected
  // beside it, at /app/<file name>.
  const root = new URL("../../..", import.meta.url).pathname;
  const inside = plan.ref.startsWith(root) ? plan.ref.slice(root.length) : posix.basename(plan.ref);
  const ref = plan.ref.startsWith("/") ? posix.join("/app", inside) : plan.ref;
  const worker = [
    "deno",
    "run",
    ...WORKER_PERMISSIONS,
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
  const config = await Deno.readTextFile(join(plan.runDir, "config.json"));
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
                env: [{ name: "NO_COLOR", value: "1" }],
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
  const path = join(sweepDir(plan.runDir), "k8s", "job.json");
  await writeFileAtomic(path, JSON.stringify(manifest, null, 2) + "\n");
  return { manifest: path, completions, pending: pending.length };
}
