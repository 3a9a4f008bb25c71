/**
 * Per-dimension standardisation of embeddings (z-scores), and folding it back
 * into a dense layer so stored heads still read raw embeddings. The
 * embedding's parts live on different scales (pooled activations, channel
 * means and deviations); a head trained on raw values lets the widest
 * dimensions dominate.
 */

export function standardiser(rows: readonly Float32Array[], dim: number): { mean: Float64Array; scale: Float64Array } {
  const mean = new Float64Array(dim);
  const sq = new Float64Array(dim);
  for (const r of rows) for (let d = 0; d < dim; d++) mean[d] += r[d] / rows.length;
  for (const r of rows) for (let d = 0; d < dim; d++) sq[d] += (r[d] - mean[d]) ** 2 / rows.length;
  // Constant dimensions get scale 1 (they carry no information either way).
  const scale = sq.map((v) => (v > 1e-12 ? 1 / Math.sqrt(v) : 1));
  return { mean, scale };
}

export function standardise(r: Float32Array, mean: Float64Array, scale: Float64Array): Float32Array {
  // A plain loop: Float32Array.from with a callback was a third of a retrain's time.
  const out = new Float32Array(r.length);
  for (let d = 0; d < r.length; d++) out[d] = (r[d] - mean[d]) * scale[d];
  return out;
}

/** W·((x − μ)·s) + b  =  (W·s)·x + (b − Σ μ·s·W): a plain dense layer over raw embeddings. */
export function foldStandardisation(kernel: Float32Array, bias: Float32Array, mean: Float64Array, scale: Float64Array, k: number) {
  const outK = new Float32Array(kernel.length);
  const outB = Float64Array.from(bias);
  for (let d = 0; d < mean.length; d++) {
    for (let j = 0; j < k; j++) {
      const w = kernel[d * k + j] * scale[d];
      outK[d * k + j] = w;
      outB[j] -= mean[d] * w;
    }
  }
  return { kernel: outK, bias: Float32Array.from(outB) };
}
