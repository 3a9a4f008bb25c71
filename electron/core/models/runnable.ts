import { ApiError } from '../../common/errors.js';
import { isOwnBackbone } from '../classify/backbone-info.js';
import { findBackbone } from '../classify/backbones/definitions.js';

/**
 * Whether this build of Canting can still run a model version. A head reads
 * the features of the backbone named in its manifest; when a release changes
 * the features (weights, cut, preprocessing), versions trained on the old ones
 * stay in the registry, with their predictions, metrics and reports, but they
 * can no longer classify: their inputs would be features of another kind.
 */
export function isRunnable(model: { backbone: string }): boolean {
  // MobileNetV2 (frozen or with a fine-tuned top) or another pipeline this release computes (backbones/definitions.ts).
  return isOwnBackbone(model.backbone) || findBackbone(model.backbone) !== undefined;
}

/** Throws a `conflict` that says which version, why, and what to do instead. */
export function assertRunnable(model: { backbone: string; version: string; facetKey: string }): void {
  if (isRunnable(model)) return;
  throw new ApiError(
    'conflict',
    `Version ${model.version} of facet "${model.facetKey}" reads features of backbone "${model.backbone}", which this release of Canting no longer computes. ` +
      'Activate a newer version (Models view, or `canting registry activate`), or train a new one from the reviewed labels; its predictions and reports are kept.',
  );
}
