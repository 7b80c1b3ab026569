/**
 * prevision: retinal-wave simulation, biologically inspired pre-training and model
 * serving, on WebGPU, WASM SIMD or plain JS.
 *
 * @example Pick the fastest backend and inspect what is available
 * ```ts
 * import { backendInfo, useBackend } from "./mod.ts";
 * const backend = await useBackend();
 * console.log(backend, await backendInfo());
 * ```
 *
 * @module
 */
export {
  type BackendChoice,
  backendInfo,
  type BackendName,
  BACKENDS,
  type BackendsReport,
  currentBackend,
  parseBackend,
  useBackend,
} from "./src/backend/mod.ts";
export { errorMessage, InputError } from "./src/util/errors.ts";
export { Rng } from "./src/util/rng.ts";
export { writeFileAtomic } from "./src/util/atomic.ts";
export {
  encodeNpy,
  type EncodeNpyOptions,
  type NpyArray,
  type NpyData,
  type NpyDtype,
  npyToFloat64,
  readNpy,
  readNpyHeader,
  writeNpy,
} from "./src/io/npy.ts";
export * from "./src/analysis/stats/mod.ts";
// Connectomes, bio-RNN tasks, graph measures and rank statistics (Shakiba et al. 2026).
export {
  bioWeights,
  type Connectome,
  gridDistances,
  loadMicronsField,
  loadSynapseTable,
  orthogonal,
  permuteNodes,
  spatialDistances,
  type SynapseTableOptions,
  syntheticConnectome,
  type SyntheticOptions,
} from "./src/biology/connectome/mod.ts";
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
export { type KruskalResult, kruskalWallis } from "./src/analysis/stats/kruskal.ts";
export {
  type MannWhitneyResult,
  mannWhitneyU,
  mannWhitneyVsReference,
} from "./src/analysis/stats/mannwhitney.ts";
export { type BootstrapCi, bootstrapCi } from "./src/analysis/stats/bootstrap.ts";
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
export { type ExpmPlan, expmPlan } from "./src/linalg/expm.ts";
export { expm64, expmTaylor64 } from "./src/linalg/expm64.ts";
export { communicability64 } from "./src/linalg/communicability.ts";
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
  type WaveStream,
} from "./src/stimuli/waves/mod.ts";
export {
  type CorridorOptions,
  type DecodeOptions,
  decodeVideo,
  type Movie,
  readImage,
  readRecordedWaves,
  readVideo,
  renderCorridor,
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
} from "./src/stimuli/mod.ts";
export {
  type Summary as WaveSummary,
  type WaveStats,
  waveStats,
  WaveStatsAccumulator,
  type WaveStatsOptions,
} from "./src/stimuli/waves/stats.ts";
export {
  ClipBuilder,
  type ClipOptions,
  type DataSplit,
  encodePng,
  encodeTiffStack,
  frameGrid,
  type FrameStack,
  type FrameWriter,
  type FrameWriterOptions,
  type GridOptions,
  NpyAppender,
  openFrameWriter,
  readTiffStack,
  splitOf,
  writePngGrid,
  writeTiffStack,
} from "./src/io/mod.ts";
// Contrastive pre-training on retinal waves and representation geometry (Ligeralde et al. 2023).
export {
  FASHION_MNIST_CLASSES,
  FASHION_MNIST_DIR,
  type IdxArray,
  type ImageSet,
  loadFashionMnist,
  parseIdx,
  readIdx,
} from "./src/io/idx.ts";
export { checkResNetConfig, RESNET18, type ResNetConfig } from "./src/models/resnet.ts";
export { type ProjectorConfig, projectorPreset } from "./src/models/projector.ts";
export {
  temporalPairs,
  type WaveBatch,
  waveBatches,
  type WaveClip,
} from "./src/train/contrastive.ts";
export {
  ballCapacity,
  makeManifolds,
  type Manifolds,
  type MeanFieldCapacity,
  meanFieldCapacity,
  type MeanFieldOptions,
  type Separability,
  separability,
  type SeparabilityOptions,
  type SimulatedCapacity,
  simulatedCapacity,
  type SimulatedCapacityOptions,
} from "./src/analysis/capacity/mod.ts";
export {
  type FeatureSet,
  linearProbe,
  type ProbeOptions,
  type ProbeResult,
} from "./src/analysis/probes.ts";
// Retina system identification (Yan et al. 2020): white noise, biophysical RGCs, CNN, baselines.
export {
  binaryCheckerboard,
  gaussianNoise,
  type GridMovie,
  type WhiteNoiseOptions,
} from "./src/stimuli/white_noise.ts";
export { naturalLikeMovie, type NaturalLikeOptions } from "./src/stimuli/natural_like.ts";
export {
  blockLayout,
  type BlockLayoutOptions,
  createRgc,
  differenceOfGammas,
  type DogTemporalOptions,
  type MovieLike,
  type OutputNonlinearity,
  POPULATION_CELLS,
  type PopulationCell,
  type RgcCell,
  rgcPopulation,
  type RgcResponse,
  simulateRgc,
  type Subunit,
} from "./src/biology/rgc/mod.ts";
export type { FlatMovie } from "./src/stimuli/flat_movie.ts";
export { fitStaModel, spikeTriggeredAverage, type StaModel } from "./src/analysis/sta.ts";
export { fitLnModel, type LnModel, type LnOptions } from "./src/analysis/ln_model.ts";
export {
  bitsPerSpike,
  fractionExplainableVariance,
  noiseCorrectedCorrelation,
  pearson,
  poissonLogLikelihood,
} from "./src/analysis/metrics.ts";
export { matchFiltersToMasks, type SubunitMatch } from "./src/analysis/filters.ts";
export { loadRecording, type Recording, type RecordingOptions } from "./src/io/spikes.ts";
