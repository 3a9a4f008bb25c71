import type * as tf from '@tensorflow/tfjs';
import onnxProto from 'onnx-proto';
import { foldBatchNorm, weightsByRole } from '../fused.js';

/**
 * A tfjs-layers model (nsfwjs's InceptionV3) as an ONNX graph that computes a
 * backbone's embedding: the texture statistics (each channel's mean, then its
 * population standard deviation, over the map's positions) of the tapped
 * layers, concatenated in the order given — what backbone.ts's textureStats
 * gives for the same layers. BatchNormalization is folded into the preceding
 * convolution with fused.ts's foldBatchNorm, and ReLU follows as its own node
 * (ONNX Runtime fuses Conv+Relu itself). The graph's input is NHWC, as every
 * Canting engine takes pixels; one Transpose makes it NCHW for ONNX's
 * convolutions. Opset 13. Only the layer kinds InceptionV3 uses are known;
 * any other is refused by name rather than converted approximately.
 */

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;

/** A layer the converter cannot express (its kind, or its settings). */
export class UnsupportedLayerError extends Error {
  constructor(
    readonly layer: string,
    readonly className: string,
    why: string,
  ) {
    super(`cannot convert layer "${layer}" (${className}) to ONNX: ${why}`);
  }
}

export interface KerasToOnnxOptions {
  /** Layers whose mean and standard deviation make the embedding, in order; the last is where the graph ends. */
  statsOf: readonly string[];
  /** The graph's name (recorded in the model). */
  name: string;
}

interface Layer {
  name: string;
  className: string;
  config: Record<string, unknown>;
  inbound: string[];
  layer: tf.layers.Layer;
}

type AttrValue = number | number[] | string;

function attribute(name: string, v: AttrValue): onnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (Array.isArray(v)) return { name, type: T.INTS, ints: v };
  if (typeof v === 'string') return { name, type: T.STRING, s: Buffer.from(v) };
  return { name, type: T.INT, i: v };
}

function valueInfo(name: string, dims: (number | string)[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
  };
}

/** Keras kernel [kh, kw, in, out] → ONNX OIHW [out, in, kh, kw]. */
function toOihw(kernel: Float32Array, [kh, kw, ci, co]: number[]): Float32Array {
  const out = new Float32Array(kernel.length);
  for (let a = 0; a < kh; a++)
    for (let b = 0; b < kw; b++)
      for (let i = 0; i < ci; i++) for (let o = 0; o < co; o++) out[((o * ci + i) * kh + a) * kw + b] = kernel[((a * kw + b) * ci + i) * co + o];
  return out;
}

function pads(padding: unknown, l: Layer): string {
  if (padding === 'same') return 'SAME_UPPER'; // TensorFlow puts the odd pixel of 'same' padding at the end, as SAME_UPPER does
  if (padding === 'valid') return 'VALID';
  throw new UnsupportedLayerError(l.name, l.className, `padding "${String(padding)}"`);
}

function isRelu(l: Layer | undefined): boolean {
  if (!l) return false;
  if (l.className === 'Activation') return l.config.activation === 'relu';
  return l.className === 'ReLU' && l.config.maxValue == null;
}

/** The ONNX ModelProto's bytes for `model` up to the last of `statsOf`, embedding output n×(2·Σ channels). */
export function kerasToOnnx(model: tf.LayersModel, opts: KerasToOnnxOptions): Uint8Array {
  const layers: Layer[] = model.layers.map((layer) => {
    const node = (layer as unknown as { inboundNodes: { inboundLayers: tf.layers.Layer[] }[] }).inboundNodes[0];
    return { name: layer.name, className: layer.getClassName(), config: layer.getConfig() as Record<string, unknown>, inbound: node ? node.inboundLayers.map((x) => x.name) : [], layer };
  });
  const byName = new Map(layers.map((l) => [l.name, l]));
  for (const t of opts.statsOf) if (!byName.has(t)) throw new Error(`the model has no layer "${t}"`);
  if (model.inputLayers.length !== 1) throw new Error('models with several inputs are not supported');
  const [, height, width, depth] = model.inputs[0].shape;
  const cut = opts.statsOf.at(-1)!;
  const ends = new Set(opts.statsOf);
  const consumers = new Map<string, Layer[]>();
  for (const l of layers) for (const i of l.inbound) consumers.set(i, [...(consumers.get(i) ?? []), l]);
  const sole = (name: string) => (consumers.get(name)?.length === 1 ? consumers.get(name)![0] : undefined);

  const nodes: onnxProto.onnx.INodeProto[] = [];
  const initializers: onnxProto.onnx.ITensorProto[] = [];
  const node = (opType: string, input: string[], output: string, attrs: Record<string, AttrValue> = {}) =>
    nodes.push({ opType, input, output: [output], name: `${output}/${opType}`, attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)) });
  const constant = (name: string, dims: number[], data: Float32Array) =>
    initializers.push({ name, dims, dataType: FLOAT, rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) });
  /** Keras layer name → the ONNX tensor holding its output (NCHW). */
  const tensorOf = new Map<string, string>();
  const absorbed = new Set<string>();
  const inputOf = (l: Layer) =>
    l.inbound.map((n) => {
      const t = tensorOf.get(n);
      if (!t) throw new UnsupportedLayerError(l.name, l.className, `its input "${n}" was not converted`);
      return t;
    });

  node('Transpose', ['pixels'], 'pixels_nchw', { perm: [0, 3, 1, 2] });
  tensorOf.set(model.inputLayers[0].name, 'pixels_nchw');

  for (const l of layers) {
    if (tensorOf.has(l.name) || absorbed.has(l.name)) {
      if (l.name === cut) break;
      continue;
    }
    const c = l.config;
    const channelsLast = (c.dataFormat ?? 'channelsLast') === 'channelsLast';
    if (!channelsLast) throw new UnsupportedLayerError(l.name, l.className, 'only channels-last data is supported');
    if (l.className === 'Conv2D') {
      const dilation = (c.dilationRate as number[] | undefined) ?? [1, 1];
      if (dilation.some((d) => d !== 1)) throw new UnsupportedLayerError(l.name, l.className, 'dilated convolutions are not supported');
      const activation = (c.activation as string | undefined) ?? 'linear';
      if (activation !== 'linear' && activation !== 'relu') throw new UnsupportedLayerError(l.name, l.className, `activation "${activation}"`);
      const w = weightsByRole(l.layer);
      const shape = l.layer.weights.find((x) => x.originalName.endsWith('kernel'))!.shape as number[];
      let kernel = w.get('kernel')!;
      let bias = w.get('bias');
      let output = l.name;
      // Nothing is folded past a tapped layer: its own output must come out as is.
      const bn = activation === 'linear' && !ends.has(l.name) ? sole(l.name) : undefined;
      if (bn?.className === 'BatchNormalization' && (bn.config.axis === -1 || bn.config.axis === 3)) {
        ({ kernel, bias } = foldBatchNorm(kernel, bias, weightsByRole(bn.layer), shape[3], bn.config.epsilon as number));
        absorbed.add(bn.name);
        output = bn.name;
      }
      constant(`${l.name}/W`, [shape[3], shape[2], shape[0], shape[1]], toOihw(kernel, shape));
      const inputs = [inputOf(l)[0], `${l.name}/W`];
      if (bias) {
        constant(`${l.name}/B`, [shape[3]], bias);
        inputs.push(`${l.name}/B`);
      }
      node('Conv', inputs, output, { kernel_shape: shape.slice(0, 2), strides: c.strides as number[], auto_pad: pads(c.padding, l) });
      tensorOf.set(output, output);
      if (activation === 'relu') {
        node('Relu', [output], `${output}/relu`);
        tensorOf.set(output, `${output}/relu`);
      }
    } else if (isRelu(l)) {
      node('Relu', inputOf(l), l.name);
      tensorOf.set(l.name, l.name);
    } else if (l.className === 'MaxPooling2D' || l.className === 'AveragePooling2D') {
      const max = l.className === 'MaxPooling2D';
      // Keras averages over the real pixels only at the borders of 'same' pooling.
      node(max ? 'MaxPool' : 'AveragePool', inputOf(l), l.name, { kernel_shape: c.poolSize as number[], strides: c.strides as number[], auto_pad: pads(c.padding, l), ...(max ? {} : { count_include_pad: 0 }) });
      tensorOf.set(l.name, l.name);
    } else if (l.className === 'Concatenate') {
      if (c.axis !== -1 && c.axis !== 3) throw new UnsupportedLayerError(l.name, l.className, `concatenation along axis ${String(c.axis)}`);
      node('Concat', inputOf(l), l.name, { axis: 1 });
      tensorOf.set(l.name, l.name);
    } else if (l.className === 'BatchNormalization') {
      throw new UnsupportedLayerError(l.name, l.className, 'only a BatchNormalization right after a convolution (folded into it) is supported');
    } else {
      throw new UnsupportedLayerError(l.name, l.className, 'this kind of layer is not supported');
    }
    if (l.name === cut) break;
  }

  const stats: string[] = [];
  for (const t of opts.statsOf) {
    const x = tensorOf.get(t);
    if (!x) throw new Error(`"${t}" is not reached before "${cut}"`);
    node('ReduceMean', [x], `${t}/mean4d`, { axes: [2, 3], keepdims: 1 });
    node('Sub', [x, `${t}/mean4d`], `${t}/dev`);
    node('Mul', [`${t}/dev`, `${t}/dev`], `${t}/dev2`);
    node('ReduceMean', [`${t}/dev2`], `${t}/var`, { axes: [2, 3], keepdims: 0 });
    node('Sqrt', [`${t}/var`], `${t}/std`);
    node('Flatten', [`${t}/mean4d`], `${t}/mean`, { axis: 1 });
    stats.push(`${t}/mean`, `${t}/std`);
  }
  node('Concat', stats, 'embedding', { axis: 1 });
  const dim = opts.statsOf.reduce((sum, t) => sum + 2 * (byName.get(t)!.layer.outputShape as number[]).at(-1)!, 0);
  const graph = {
    name: opts.name,
    node: nodes,
    initializer: initializers,
    input: [valueInfo('pixels', ['n', height!, width!, depth!])],
    output: [valueInfo('embedding', ['n', dim])],
  };
  return onnx.ModelProto.encode({ irVersion: 7, opsetImport: [{ domain: '', version: 13 }], producerName: 'canting', graph }).finish();
}
