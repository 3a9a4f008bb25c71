/**
 * A linear softmax classifier trained in plain JavaScript with Adam.
 * Why not tfjs's own training: without native TensorFlow, each tfjs step
 * over a 1280×k head costs tens of milliseconds in op dispatch while the
 * arithmetic takes microseconds; this loop retrains a head on 1,000 images
 * in about a second and is bit-for-bit deterministic. The result is loaded
 * into a tfjs-layers head (models/head.ts) for storage and inference.
 */

export interface SoftmaxWeights {
  /** dim×k, row-major (the layout of a Keras dense kernel). */
  kernel: Float32Array;
  bias: Float32Array;
}

export interface SoftmaxTrainer {
  /** A copy of the current weights. */
  readonly weights: SoftmaxWeights;
  /** One optimiser step on a batch; returns [weighted loss sum, correct count]. */
  step(rows: readonly Float32Array[], labels: readonly number[], sampleWeights: readonly number[]): [number, number];
  /** n×k probabilities in inference mode (no dropout). */
  predict(rows: readonly Float32Array[]): Float32Array;
  snapshot(): SoftmaxWeights;
  restore(w: SoftmaxWeights): void;
  learningRate: number;
}

export function softmaxTrainer(opts: {
  dim: number;
  classes: number;
  learningRate: number;
  l2: number;
  dropout: number;
  rand: () => number;
}): SoftmaxTrainer {
  const { dim, classes: k, l2, dropout, rand } = opts;
  // Class-major internally (k rows of dim): the hot loops then run over contiguous
  // memory, about twice as fast in V8 as the dim×k layout. snapshot()/restore() convert.
  const limit = Math.sqrt(6 / (dim + k));
  const init = Float32Array.from({ length: dim * k }, () => (rand() * 2 - 1) * limit); // Glorot-uniform, seeded, dim×k order
  const W = new Float64Array(dim * k);
  for (let d = 0; d < dim; d++) for (let j = 0; j < k; j++) W[j * dim + d] = init[d * k + j];
  const bias = new Float64Array(k);
  const mK = new Float64Array(dim * k);
  const vK = new Float64Array(dim * k);
  const mB = new Float64Array(k);
  const vB = new Float64Array(k);
  const gK = new Float64Array(dim * k);
  const gB = new Float64Array(k);
  const gr = new Float64Array(k);
  const p = new Float64Array(k);
  const xd = new Float64Array(dim);
  let t = 0;
  const beta1 = 0.9;
  const beta2 = 0.999;
  const eps = 1e-7;

  /** Softmax probabilities of one (possibly dropped-out) row into p. */
  const forward = (x: ArrayLike<number>) => {
    let max = -Infinity;
    for (let j = 0; j < k; j++) {
      const o = j * dim;
      // Four partial sums: independent chains the CPU can overlap (the loop was latency-bound).
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let d = 0;
      for (; d + 3 < dim; d += 4) {
        s0 += W[o + d] * x[d];
        s1 += W[o + d + 1] * x[d + 1];
        s2 += W[o + d + 2] * x[d + 2];
        s3 += W[o + d + 3] * x[d + 3];
      }
      for (; d < dim; d++) s0 += W[o + d] * x[d];
      const s = bias[j] + (s0 + s1 + s2 + s3);
      p[j] = s;
      if (s > max) max = s;
    }
    let sum = 0;
    for (let j = 0; j < k; j++) {
      p[j] = Math.exp(p[j] - max);
      sum += p[j];
    }
    for (let j = 0; j < k; j++) p[j] /= sum;
  };

  const trainer: SoftmaxTrainer = {
    learningRate: opts.learningRate,
    get weights() {
      return trainer.snapshot();
    },
    step(rows, labels, sampleWeights) {
      gK.fill(0);
      gB.fill(0);
      const n = rows.length;
      let loss = 0;
      let correct = 0;
      const keep = 1 - dropout;
      const keep16 = Math.round(keep * 65536);
      const inv = 1 / keep;
      for (let r = 0; r < n; r++) {
        const x = rows[r];
        // Inverted dropout on the embedding (seeded), as the tfjs Dropout layer does. Each
        // random 32-bit draw decides two dimensions, 16 bits each (a draw per dimension was
        // a quarter of the training time).
        if (dropout > 0) {
          for (let d = 0; d < dim; d += 2) {
            const u = (rand() * 4294967296) >>> 0;
            // Branch-free masks: (bits − keep16) >>> 31 is 1 exactly when bits < keep16 (an
            // unpredictable branch here cost more than the arithmetic).
            xd[d] = x[d] * inv * (((u & 0xffff) - keep16) >>> 31);
            if (d + 1 < dim) xd[d + 1] = x[d + 1] * inv * (((u >>> 16) - keep16) >>> 31);
          }
        } else for (let d = 0; d < dim; d++) xd[d] = x[d];
        forward(xd);
        const y = labels[r];
        const w = sampleWeights[r];
        loss -= w * Math.log(Math.max(p[y], 1e-7));
        let best = 0;
        for (let j = 1; j < k; j++) if (p[j] > p[best]) best = j;
        if (best === y) correct++;
        // d(mean weighted CE)/d logits = w (p − onehot) / n
        for (let j = 0; j < k; j++) {
          gr[j] = (w * (p[j] - (j === y ? 1 : 0))) / n;
          gB[j] += gr[j];
        }
        // Two classes per pass over the row: half the loads of xd and of loop overhead.
        let j = 0;
        for (; j + 1 < k; j += 2) {
          const ga = gr[j];
          const gb = gr[j + 1];
          const oa = j * dim;
          const ob = oa + dim;
          for (let d = 0; d < dim; d++) {
            const v = xd[d];
            gK[oa + d] += ga * v;
            gK[ob + d] += gb * v;
          }
        }
        if (j < k) {
          const g = gr[j];
          const o = j * dim;
          for (let d = 0; d < dim; d++) gK[o + d] += g * xd[d];
        }
      }
      t++;
      const lr = (trainer.learningRate * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
      for (let i = 0; i < W.length; i++) {
        const g = gK[i] + 2 * l2 * W[i];
        mK[i] = beta1 * mK[i] + (1 - beta1) * g;
        vK[i] = beta2 * vK[i] + (1 - beta2) * g * g;
        W[i] -= (lr * mK[i]) / (Math.sqrt(vK[i]) + eps);
      }
      for (let j = 0; j < k; j++) {
        const g = gB[j];
        mB[j] = beta1 * mB[j] + (1 - beta1) * g;
        vB[j] = beta2 * vB[j] + (1 - beta2) * g * g;
        bias[j] -= (lr * mB[j]) / (Math.sqrt(vB[j]) + eps);
      }
      return [loss, correct];
    },
    predict(rows) {
      const out = new Float32Array(rows.length * k);
      rows.forEach((x, r) => {
        forward(x);
        for (let j = 0; j < k; j++) out[r * k + j] = p[j];
      });
      return out;
    },
    snapshot() {
      const kernel = new Float32Array(dim * k);
      for (let d = 0; d < dim; d++) for (let j = 0; j < k; j++) kernel[d * k + j] = W[j * dim + d];
      return { kernel, bias: Float32Array.from(bias) };
    },
    restore(w) {
      for (let d = 0; d < dim; d++) for (let j = 0; j < k; j++) W[j * dim + d] = w.kernel[d * k + j];
      bias.set(w.bias);
    },
  };
  return trainer;
}
