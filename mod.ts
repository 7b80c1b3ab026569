/**
 * prevision: retinal-wave simulation, biologically inspired pre-training, neural system
 * identification and model serving, on WebGPU, WASM SIMD or plain JS.
 *
 * This module is the toolkit's front door: it loads and saves trained models, builds and
 * trains them, simulates the stimuli they learn from, and runs the studies. Each area also
 * has its own entry point with everything it offers:
 *
 * | import                            | what                                                    |
 * | --------------------------------- | ------------------------------------------------------- |
 * | `@prevision/prevision/waves`      | retinal-wave models and their statistics                |
 * | `@prevision/prevision/stimuli`    | corridors, white noise, natural and natural-like movies |
 * | `@prevision/prevision/models`     | architectures (frame predictor, ResNet, RGC CNN, …)     |
 * | `@prevision/prevision/train`      | training loops, clips, Adam, contrastive pre-training   |
 * | `@prevision/prevision/studies`    | the five studies, their shared kit and the executor     |
 * | `@prevision/prevision/experiment` | the `Experiment` contract and the executor alone        |
 * | `@prevision/prevision/analysis`   | metrics, receptive fields, probes, manifold capacity    |
 * | `@prevision/prevision/stats`      | statistical tests, corrections, special functions       |
 * | `@prevision/prevision/graph`      | graph measures of networks                              |
 * | `@prevision/prevision/linalg`     | matrix exponential, communicability                     |
 * | `@prevision/prevision/biology`    | connectomes, biophysical ganglion cells                 |
 * | `@prevision/prevision/tasks`      | cognitive tasks, the exposure paradigm                  |
 * | `@prevision/prevision/io`         | checkpoints, NPY, IDX, PNG/GIF/TIFF, datasets           |
 * | `@prevision/prevision/backend`    | tfjs backends (WebGPU / WASM / CPU) and our kernels     |
 * | `@prevision/prevision/serve`      | the HTTP server (Hono)                                  |
 *
 * @example Load a checkpoint written by `deno task train` and predict the next frame
 * ```ts
 * import { loadCheckpoint, tf, useBackend } from "@prevision/prevision";
 * await useBackend("wasm");
 * const { model, manifest } = await loadCheckpoint("runs/may2025/train/best");
 * const [, frames, size] = model.inputs[0].shape as number[];
 * const next = model.predict(tf.zeros([1, frames, size, size, 1])) as tf.Tensor;
 * console.log(manifest.name, next.shape);
 * ```
 *
 * @example Build and train a small next-frame predictor on simulated retinal waves
 * ```ts
 * import {
 *   buildFramePredictor,
 *   clipStarts,
 *   fit,
 *   MovieClips,
 *   simulateTeh,
 * } from "@prevision/prevision";
 * const movie = simulateTeh({ size: 16, frames: 60, seed: 1 });
 * const train = new MovieClips(Float32Array.from(movie.data), 16, 16, 4, clipStarts(60, 4));
 * const model = buildFramePredictor(
 *   { cell: "rnn", channels: 4, kernel: 3, size: 16, frames: 4, layers: 1 },
 *   1,
 * );
 * const options = { epochs: 2, batchSize: 4, learningRate: 1e-3, seed: 1 };
 * const { history } = await fit({ model, train, ...options });
 * console.log(history.map((h) => h.trainLoss));
 * ```
 *
 * @example Run a study's tiny preset from code
 * ```ts
 * import { configure, createRun, runLocal, STUDIES, writeReport } from "@prevision/prevision";
 * const study = await STUDIES.may2025();
 * const config = configure(study, { tiny: true, seeds: "1" });
 * const run = await createRun(study, "may2025", config, "runs/may2025-tiny", null);
 * const { failed } = await runLocal(run, { workers: 1, attempts: 1, workerArgs: [] });
 * console.log((await writeReport(run, { seconds: 0, failed })).metrics);
 * ```
 *
 * @module
 */

// Backend: the shared tfjs instance and the choice of WebGPU / WASM / CPU.
export {
  type BackendChoice,
  backendInfo,
  type BackendName,
  BACKENDS,
  type BackendsReport,
  currentBackend,
  parseBackend,
  tf,
  useBackend,
} from "./src/backend/mod.ts";
export { ensure, errorMessage, InputError } from "./src/util/errors.ts";
export { Rng } from "./src/util/rng.ts";
export { writeFileAtomic } from "./src/util/atomic.ts";

// Models (importing them registers the frame predictor's layers, so checkpoints load).
export {
  BioRnn,
  type BioRnnOptions,
  buildFramePredictor,
  CELLS,
  type CellType,
  checkResNetConfig,
  createExposureEncoder,
  type ExposureEncoder,
  type ExposureEncoderOptions,
  type FramePredictorConfig,
  PAPER_FRAME_PREDICTOR,
  Projector,
  type ProjectorConfig,
  projectorPreset,
  RESNET18,
  type ResNetConfig,
  ResNetEncoder,
  RGC_CNN_DEFAULTS,
  RgcCnn,
  type RgcCnnConfig,
} from "./src/models/mod.ts";

// Training.
export {
  Adam,
  type AdamOptions,
  type BioTrainOptions,
  type BioTrainResult,
  type ClipData,
  clipStarts,
  clipStartsWithin,
  type EpochRecord,
  evaluate,
  evaluateBioRnn,
  fit,
  type FitOptions,
  type FitResult,
  fitRgcCnn,
  MovieClips,
  type MovieFrames,
  type MovieTensorOptions,
  movieToTensor,
  type RgcCnnFitOptions,
  type RgcCnnFitResult,
  temporalPairs,
  tensorToMovie,
  trainBioRnn,
  type WaveBatch,
  waveBatches,
  type WaveClip,
} from "./src/train/mod.ts";

// Checkpoints and files.
export {
  CHECKPOINT_FORMAT,
  type CheckpointInfo,
  type CheckpointManifest,
  ClipBuilder,
  type ClipOptions,
  type DataSplit,
  encodeNpy,
  type EncodeNpyOptions,
  encodePng,
  encodeTiffStack,
  FASHION_MNIST_CLASSES,
  FASHION_MNIST_DIR,
  frameGrid,
  type FrameStack,
  type FrameWriter,
  type FrameWriterOptions,
  type GridOptions,
  type IdxArray,
  type ImageSet,
  loadCheckpoint,
  type LoadedCheckpoint,
  loadFashionMnist,
  loadRecording,
  type NamedArrays,
  NpyAppender,
  type NpyArray,
  type NpyData,
  type NpyDtype,
  npyToFloat64,
  openFrameWriter,
  parseIdx,
  readIdx,
  readNpy,
  readNpyHeader,
  readTiffStack,
  type Recording,
  type RecordingOptions,
  saveCheckpoint,
  splitOf,
  type TrainingState,
  writeNpy,
  writePngGrid,
  writeTiffStack,
} from "./src/io/mod.ts";

// Studies and the executor. The studies load on demand (STUDIES.may2025() …); each is also
// exported by name from `@prevision/prevision/studies`.
export { DEFAULT_STUDY, STUDIES } from "./src/studies/registry.ts";
export {
  type AnyExperiment,
  configure,
  createRun,
  type Experiment,
  type LocalOptions,
  type LocalOutcome,
  type MetricSummary,
  openRun,
  type Preset,
  PRESETS,
  type ReportContext,
  type Run,
  runLocal,
  type RunSummary,
  runUnitOnce,
  type StudyReport,
  type TestSummary,
  type Unit,
  type UnitContext,
  type UnitOutcome,
  validateConfig,
  writeReport,
} from "./src/experiment/mod.ts";

// Retinal waves.
export {
  buildWaveDataset,
  GODFREY_PRESETS,
  type GodfreyOptions,
  type GodfreyParams,
  godfreyStream,
  type LansdellOptions,
  type LansdellParams,
  lansdellStream,
  simulateGodfrey,
  simulateLansdell,
  simulateTeh,
  simulateWaves,
  type Summary as WaveSummary,
  type TehBiasDefinition,
  tehLocalBias,
  type TehOptions,
  type TehParams,
  tehSigmaForBias,
  tehStream,
  WAVE_MODELS,
  type WaveDatasetOptions,
  type WaveDatasetSummary,
  type WaveEngine,
  type WaveEvent,
  type WaveModel,
  waveModel,
  type WaveMovie,
  type WaveOptions,
  type WaveStats,
  waveStats,
  WaveStatsAccumulator,
  type WaveStatsOptions,
  type WaveStream,
} from "./src/stimuli/waves/mod.ts";

// Other stimuli.
export {
  binaryCheckerboard,
  type CorridorOptions,
  type CorridorViewOptions,
  type DecodeOptions,
  decodeVideo,
  type FlatMovie,
  gaussianNoise,
  type GridMovie,
  type Movie,
  naturalLikeMovie,
  type NaturalLikeOptions,
  readImage,
  readRecordedWaves,
  readVideo,
  renderCorridor,
  renderCorridorView,
  renderVrCorridor,
  resizeFrames,
  type ResizeMode,
  selfMotionMovie,
  type SelfMotionOptions,
  VR_CORRIDORS,
  type VrCorridorOptions,
  type VrMovie,
  vrTexture,
  type WallTexture,
  type WhiteNoiseOptions,
} from "./src/stimuli/mod.ts";

// Linear algebra.
export {
  communicability64,
  expm,
  expm64,
  type ExpmPlan,
  expmPlan,
  expmTaylor64,
} from "./src/linalg/mod.ts";

// Analysis: statistics, graph measures, metrics, receptive fields, probes, capacity.
export * from "./src/analysis/stats/mod.ts";
export {
  averageClustering,
  binarise,
  degreeAssortativity,
  globalEfficiency,
  type Graph,
  graphFromEdges,
  graphFromMatrix,
  greedyModularity,
  kdeEntropy,
  louvain,
  modularity,
  smallWorldness,
  type SmallWorldNull,
  smallWorldNull,
} from "./src/analysis/graph/mod.ts";
export {
  ballCapacity,
  bitsPerSpike,
  type FeatureSet,
  fitLnModel,
  fitStaModel,
  fractionExplainableVariance,
  linearProbe,
  type LnModel,
  type LnOptions,
  makeManifolds,
  type Manifolds,
  matchFiltersToMasks,
  type MeanFieldCapacity,
  meanFieldCapacity,
  type MeanFieldOptions,
  noiseCorrectedCorrelation,
  pearson,
  poissonLogLikelihood,
  type ProbeOptions,
  type ProbeResult,
  type Separability,
  separability,
  type SeparabilityOptions,
  type SimulatedCapacity,
  simulatedCapacity,
  type SimulatedCapacityOptions,
  spikeTriggeredAverage,
  type StaModel,
  type SubunitMatch,
} from "./src/analysis/mod.ts";

// Biology: connectomes (Shakiba et al. 2026) and ganglion cells (Yan et al. 2020).
export {
  bioWeights,
  blockLayout,
  type BlockLayoutOptions,
  type Connectome,
  createRgc,
  differenceOfGammas,
  type DogTemporalOptions,
  gridDistances,
  loadMicronsField,
  loadSynapseTable,
  type MovieLike,
  orthogonal,
  type OutputNonlinearity,
  permuteNodes,
  POPULATION_CELLS,
  type PopulationCell,
  type RgcCell,
  rgcPopulation,
  type RgcResponse,
  simulateRgc,
  spatialDistances,
  type Subunit,
  type SynapseTableOptions,
  syntheticConnectome,
  type SyntheticOptions,
} from "./src/biology/mod.ts";

// Cognitive tasks.
export {
  goNoGoTask,
  makeBatch,
  mazeTask,
  perceptualTask,
  type Split,
  type Task,
  TASKS,
  type TrialBatch,
} from "./src/tasks/mod.ts";
