import { loadBackbone, type Backbone, type BackboneOptions } from '../backbone.js';
import { isStatsOnly, type BackboneDefinition } from './definitions.js';
import { loadStatsBackbone } from './stats.js';

/**
 * The network a definition runs (one view at a time; views.ts makes the views
 * and averages them). A fine-tuned top block and the top-input output exist
 * for MobileNetV2's own pipeline only. Needs a backend already selected.
 */
export async function loadDefinedBackbone(def: BackboneDefinition, opts: BackboneOptions = {}): Promise<Backbone> {
  if (isStatsOnly(def)) {
    if (opts.top || opts.output === 'top-input') throw new Error(`${def.label} has no fine-tunable top block`);
    return loadStatsBackbone(def, { fused: opts.fused });
  }
  const b = await loadBackbone(opts);
  // Same network, another id when the views differ (the features do).
  return def.views === 'whole' || opts.top || opts.output === 'top-input' ? b : { ...b, id: def.id, embed: b.embed.bind(b), dispose: b.dispose.bind(b) };
}
