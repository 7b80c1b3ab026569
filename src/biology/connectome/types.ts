/** A connectome with the spatial and functional data the bio-RNN study uses. */
export interface Connectome {
  /** Where it came from: a MICrONS field name, a file, or `synthetic-<seed>`. */
  name: string;
  /** Number of neurons. */
  n: number;
  /** n×n row-major synaptic weights, row = presynaptic, column = postsynaptic (0 = none). */
  adjacency: Float64Array;
  /** n×3 row-major soma positions in µm. */
  positions: Float64Array;
  /** n×n Pearson correlation of the neurons' activity, if known. */
  corr?: Float64Array;
  /** n×n spike-time tiling coefficient (possibly asymmetric), if known. */
  sttc?: Float64Array;
  /** n×n precision (inverse covariance) matrix, if known. */
  precision?: Float64Array;
  /** Segmentation ids (int64 as decimal strings), if known. */
  ids?: string[];
  /** The integer grid of the "D" control, if the data prescribe one. */
  grid?: [number, number, number];
}
