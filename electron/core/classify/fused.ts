import * as tf from '@tensorflow/tfjs';

/**
 * An inference-only forward pass for a Keras functional model (here nsfwjs's
 * MobileNetV2) with BatchNormalization folded into the preceding convolution.
 *
 * tfjs-layers runs Conv2D → BatchNormalization → ReLU(6) as three kernels, each
 * a full pass over the activations (52 BN and 35 ReLU layers in MobileNetV2).
 * With frozen statistics, BN is an affine map per output channel, so it folds
 * into the kernel and a bias: W' = W·s, b' = (b − mean)·s + beta with
 * s = gamma / √(var + ε); ReLU(max 6) becomes the conv's fused activation and a
 * ZeroPadding2D before a 'valid' conv becomes the conv's explicit padding. The
 * result is the same function (float rounding aside), in about a third of the
 * kernel calls. Any layer outside those patterns runs through its own
 * tfjs-layers `apply`, so unexpected layers stay correct, just unfused.
 */

interface LayerSpec {
  className: string;
  name: string;
  /** tfjs's (camelCase) layer config. */
  config: Record<string, unknown>;
  inbound: string[];
}

type Step = (inputs: tf.Tensor[]) => tf.Tensor;

export interface FusedForward {
  /** n×H×W×C input → the cut layer's output. Call inside tf.tidy. */
  run(x: tf.Tensor): tf.Tensor;
  /** n×H×W×C input → the outputs of the given layers (the cut layer or `taps` given to fuseModel), in that order. Call inside tf.tidy. */
  runTaps(x: tf.Tensor, names: readonly string[]): tf.Tensor[];
  /** Kernel steps per forward pass (for diagnostics and tests). */
  readonly steps: number;
  dispose(): void;
}

function layerSpecs(model: tf.LayersModel): LayerSpec[] {
  return model.layers.map((l) => {
    const node = (l as unknown as { inboundNodes: { inboundLayers: tf.layers.Layer[] }[] }).inboundNodes[0];
    return {
      className: l.getClassName(),
      name: l.name,
      config: l.getConfig() as Record<string, unknown>,
      inbound: node ? node.inboundLayers.map((x) => x.name) : [],
    };
  });
}

export function weightsByRole(layer: tf.layers.Layer): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const w of layer.weights) {
    const role = w.originalName.split('/').at(-1)!.replace(/:\d+$/, '');
    out.set(role, w.read().dataSync() as Float32Array);
  }
  return out;
}

/**
 * Fold a BatchNormalization into a conv kernel whose last axis is the output
 * channel (Conv2D [kh,kw,in,out]; DepthwiseConv2D [kh,kw,in,1], out = in).
 * Computed in float64, then rounded once.
 */
export function foldBatchNorm(kernel: Float32Array, bias: Float32Array | undefined, bn: Map<string, Float32Array>, channels: number, epsilon: number) {
  const mean = bn.get('moving_mean')!;
  const variance = bn.get('moving_variance')!;
  const gamma = bn.get('gamma');
  const beta = bn.get('beta');
  const scale = new Float64Array(channels);
  const newBias = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    scale[c] = (gamma ? gamma[c] : 1) / Math.sqrt(variance[c] + epsilon);
    newBias[c] = ((bias ? bias[c] : 0) - mean[c]) * scale[c] + (beta ? beta[c] : 0);
  }
  const newKernel = new Float32Array(kernel.length);
  for (let i = 0; i < kernel.length; i++) newKernel[i] = kernel[i] * scale[i % channels];
  return { kernel: newKernel, bias: newBias };
}

/** The activation a layer applies, when a fused conv can take it over (MobileNetV2's ReLU6, InceptionV3's ReLU). */
function fusableActivation(spec: LayerSpec | undefined): 'relu' | 'relu6' | undefined {
  if (!spec) return undefined;
  if (spec.className === 'ReLU') {
    // tfjs's ReLU layer has no slope or threshold
    if (spec.config.maxValue === 6) return 'relu6';
    return spec.config.maxValue == null ? 'relu' : undefined;
  }
  if (spec.className !== 'Activation') return undefined;
  return spec.config.activation === 'relu6' || spec.config.activation === 'relu' ? spec.config.activation : undefined;
}

/**
 * Build the fused forward pass from the model's input up to `cutLayer`.
 * `taps`: earlier layers whose outputs runTaps also returns (e.g. InceptionV3's
 * mixed7 beside mixed10); nothing is folded past a tap, so each comes out as is.
 */
export function fuseModel(model: tf.LayersModel, cutLayer: string, taps: readonly string[] = []): FusedForward {
  const specs = layerSpecs(model);
  const byName = new Map(specs.map((s) => [s.name, s]));
  const consumers = new Map<string, LayerSpec[]>();
  for (const s of specs) for (const i of s.inbound) consumers.set(i, [...(consumers.get(i) ?? []), s]);
  const soleConsumer = (name: string) => {
    const c = consumers.get(name) ?? [];
    return c.length === 1 ? c[0] : undefined;
  };
  for (const name of [cutLayer, ...taps]) if (!byName.has(name)) throw new Error(`the model has no layer "${name}"`);
  const ends = new Set([cutLayer, ...taps]);

  const owned: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => {
    owned.push(t);
    return tf.keep(t);
  };
  // Each step reads its inputs by name and yields the tensor of `output` (the last layer it absorbs).
  const plan: { inputs: string[]; output: string; step: Step }[] = [];
  const absorbed = new Set<string>();
  const inputName = model.inputLayers[0].name;

  for (const spec of specs) {
    if (spec.name === inputName || absorbed.has(spec.name)) {
      if (spec.name === cutLayer) break;
      continue;
    }
    const layer = model.getLayer(spec.name);
    const isConv = spec.className === 'Conv2D' || spec.className === 'DepthwiseConv2D';
    const c = spec.config;
    const plainConv =
      isConv && (c.activation ?? 'linear') === 'linear' && (c.dataFormat ?? 'channelsLast') === 'channelsLast' && ((c.dilationRate as number[] | undefined) ?? [1, 1]).every((d) => d === 1);
    // ZeroPadding2D → 'valid' conv: the padding becomes the conv's own (explicit) padding.
    const padded = spec.className === 'ZeroPadding2D' ? soleConsumer(spec.name) : undefined;
    if (padded && (padded.className === 'Conv2D' || padded.className === 'DepthwiseConv2D') && padded.config.padding === 'valid' && spec.config.dataFormat === 'channelsLast') {
      const [[top, bottom], [left, right]] = spec.config.padding as [[number, number], [number, number]];
      absorbed.add(padded.name);
      planConv(padded, spec.inbound, [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ]);
      continue;
    }
    if (plainConv) {
      planConv(spec, spec.inbound, c.padding as 'same' | 'valid');
      continue;
    }
    if (spec.className === 'Add') {
      plan.push({ inputs: spec.inbound, output: spec.name, step: (xs) => xs.slice(1).reduce((a, b) => tf.add(a, b), xs[0]) });
    } else if (spec.className === 'InputLayer') {
      throw new Error('models with several inputs are not supported');
    } else {
      plan.push({ inputs: spec.inbound, output: spec.name, step: (xs) => layer.apply(xs.length === 1 ? xs[0] : xs) as tf.Tensor });
    }
    if (spec.name === cutLayer) break;
  }

  function planConv(conv: LayerSpec, inputs: string[], pad: 'same' | 'valid' | [number, number][]): void {
    const layer = model.getLayer(conv.name);
    const w = weightsByRole(layer);
    const kernelShape = layer.weights.find((x) => x.originalName.endsWith('kernel'))!.shape as number[];
    const depthwise = conv.className === 'DepthwiseConv2D';
    const channels = depthwise ? kernelShape[2] : kernelShape[3]; // output channels (depth multiplier 1)
    if (depthwise && kernelShape[3] !== 1) throw new Error('depthwise multipliers above 1 are not supported');
    let kernel = w.get(depthwise ? 'depthwise_kernel' : 'kernel')!;
    let bias = w.get('bias');
    let output = conv.name;
    // Nothing is folded past the cut: the cut layer's own output must come out as is.
    const bn = !ends.has(conv.name) ? soleConsumer(conv.name) : undefined;
    if (bn?.className === 'BatchNormalization' && (bn.config.axis === -1 || bn.config.axis === 3)) {
      const folded = foldBatchNorm(kernel, bias, weightsByRole(model.getLayer(bn.name)), channels, bn.config.epsilon as number);
      kernel = folded.kernel;
      bias = folded.bias;
      absorbed.add(bn.name);
      output = bn.name;
    }
    let activation: 'linear' | 'relu' | 'relu6' = 'linear';
    const act = !ends.has(output) ? soleConsumer(output) : undefined;
    const fusable = fusableActivation(act);
    if (act && fusable) {
      activation = fusable;
      absorbed.add(act.name);
      output = act.name;
    }
    const filter = keep(tf.tensor4d(kernel, kernelShape as [number, number, number, number]));
    const biasT = bias ? keep(tf.tensor1d(bias)) : undefined;
    const strides = conv.config.strides as [number, number];
    // tfjs types a conv's explicit padding as [[0,0],[t,b],[l,r],[0,0]].
    const padArg = pad as 'same' | 'valid';
    plan.push({
      inputs,
      output,
      step: ([x]) =>
        depthwise
          ? tf.fused.depthwiseConv2d({ x: x as tf.Tensor4D, filter, strides, pad: padArg, bias: biasT, activation })
          : tf.fused.conv2d({ x: x as tf.Tensor4D, filter, strides, pad: padArg, bias: biasT, activation }),
    });
  }

  const last = plan.at(-1);
  if (!last || (last.output !== cutLayer && !absorbed.has(cutLayer))) throw new Error(`could not plan the forward pass up to "${cutLayer}"`);

  const forward = (x: tf.Tensor) => {
    const values = new Map<string, tf.Tensor>([[inputName, x]]);
    for (const p of plan) values.set(p.output, p.step(p.inputs.map((n) => values.get(n)!)));
    return values;
  };
  return {
    steps: plan.length,
    run(x) {
      return forward(x).get(last.output)!;
    },
    runTaps(x, names) {
      const values = forward(x);
      return names.map((n) => {
        const v = n === cutLayer ? values.get(last.output) : values.get(n);
        if (!v) throw new Error(`"${n}" is not an output of this forward pass`);
        return v;
      });
    },
    dispose() {
      for (const t of owned) t.dispose();
    },
  };
}
