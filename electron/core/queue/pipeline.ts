import { createRequire } from 'node:module';
import { BACKBONES } from '../classify/backbones/definitions.js';

/**
 * The TensorFlow.js release this process computes with. Two releases may
 * round differently, so it is part of a pipeline's name: a worker never
 * contributes vectors that would not match the server's own.
 */
export const TFJS_VERSION: string = (createRequire(import.meta.url)('@tensorflow/tfjs/package.json') as { version: string }).version;

/** `<backbone definition id>@tfjs-<version>`: the queue an embedding job goes to (embedQueueName) and what a worker says it runs. */
export function pipelineName(backboneId: string, tfjsVersion: string = TFJS_VERSION): string {
  return `${backboneId}@tfjs-${tfjsVersion}`;
}

/** The backbone definition id and engine version a pipeline name is made of (null for a name of another form). */
export function parsePipeline(name: string): { backboneId: string; tfjsVersion: string } | null {
  const at = name.lastIndexOf('@tfjs-');
  if (at <= 0) return null;
  return { backboneId: name.slice(0, at), tfjsVersion: name.slice(at + '@tfjs-'.length) };
}

/** Every pipeline this build of Canting can compute (one per backbone definition). */
export function localPipelines(): string[] {
  return BACKBONES.map((b) => pipelineName(b.id));
}
