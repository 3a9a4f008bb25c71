import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import { readSetting, writeSetting } from '../catalogue/settings.js';
import { BACKBONE_ID, isOwnBackbone } from './backbone-info.js';
import { UNRECORDED_PIPELINE_ID } from './backbones/default.js';
import { BACKBONES, findBackbone, MOBILENET_V2, type BackboneDefinition } from './backbones/definitions.js';

/**
 * The catalogue's feature pipeline: which backbone definition computes the
 * embeddings that classification, training, suggestions and similar images
 * read. A settings key (no migration), recorded when a catalogue is made
 * (app/create.ts): a catalogue that recorded none was made before, and
 * keeps MobileNetV2, as every catalogue before this setting.
 */
export const PIPELINE_KEY = 'pipeline';

export function pipelineId(db: Database): string {
  return readSetting(db, PIPELINE_KEY) ?? UNRECORDED_PIPELINE_ID;
}

/** The catalogue's pipeline; a clear refusal when the catalogue names one this release does not know (written by a later release). */
export function catalogueBackbone(db: Database): BackboneDefinition {
  const id = pipelineId(db);
  const def = findBackbone(id);
  if (!def) throw unknownPipeline(id);
  return def;
}

export function unknownPipeline(id: string): ApiError {
  const known = BACKBONES.map((b) => b.id).join(', ');
  return new ApiError('invalid_input', `Unknown feature pipeline "${id}"; this release knows: ${known}`).translated('pipelineUnknown', { id, known });
}

/**
 * The pipeline a head reads: a fine-tuned MobileNetV2 top is still the
 * MobileNetV2 pipeline (same input, same width); null for an id of an
 * earlier release.
 */
export function pipelineOfBackbone(backboneId: string): BackboneDefinition | null {
  if (isOwnBackbone(backboneId)) return MOBILENET_V2;
  return findBackbone(backboneId) ?? null;
}

/**
 * What an engine pool is started with for a pipeline: undefined for MobileNetV2 (the
 * engine's own default, which a fine-tuned top block then replaces), the id otherwise.
 */
export function engineBackboneId(pipeline: BackboneDefinition | null): string | undefined {
  return pipeline && pipeline.id !== MOBILENET_V2.id ? pipeline.id : undefined;
}

/** Whether a head reads the catalogue's pipeline's features. */
export function headMatchesPipeline(db: Database, model: { backbone: string }): boolean {
  return pipelineOfBackbone(model.backbone)?.id === pipelineId(db);
}

/**
 * Refuse to classify with a head trained on another pipeline's features: its
 * weights would be applied to features of another kind (or width) and the
 * predictions would be nonsense.
 */
export function assertHeadMatchesPipeline(db: Database, model: { backbone: string; version: string; facetKey: string }): void {
  if (headMatchesPipeline(db, model)) return;
  throw mismatchError(db, model);
}

function mismatchError(db: Database, model: { backbone: string; version: string; facetKey: string }): ApiError {
  const headPipeline = pipelineOfBackbone(model.backbone);
  const head = headPipeline?.label ?? model.backbone;
  const catalogue = findBackbone(pipelineId(db))?.label ?? pipelineId(db);
  // The English words are the command line's (its commands); the app words its own (pipelineMismatch) with its own controls.
  const back = headPipeline ? `, or switch the pipeline back (canting pipeline use ${headPipeline.id})` : '';
  return new ApiError(
    'conflict',
    `Version ${model.version} of facet "${model.facetKey}" was trained on ${head} features, but this catalogue now uses the ${catalogue} pipeline. ` +
      `Train a new version of "${model.facetKey}" on ${catalogue} (canting train --facet ${model.facetKey})${back}. Nothing was classified.`,
  ).translated('pipelineMismatch', { version: model.version, facet: model.facetKey, head, pipeline: catalogue });
}

/** The refusal's words, for a status that says why a facet cannot be classified now. */
export function mismatchMessage(db: Database, model: { backbone: string; version: string; facetKey: string }): string {
  return mismatchError(db, model).message;
}

/** Only MobileNetV2's top block can be fine-tuned; heads on other pipelines are trained on frozen features. */
export function canFineTune(backboneId: string): boolean {
  return backboneId === BACKBONE_ID;
}

export function writePipeline(db: Database, id: string): void {
  if (!findBackbone(id)) throw unknownPipeline(id);
  writeSetting(db, PIPELINE_KEY, id);
}
