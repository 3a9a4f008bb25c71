import { catalogueCalls } from '../../../common/contract/catalogue.js';
import { addLabel, createFacet, listFacets, renameLabel } from '../../catalogue/facets.js';
import { getSettings, updateSettings } from '../../catalogue/settings.js';
import { catalogueCounts } from '../../catalogue/stats.js';
import type { HandlerTable } from '../types.js';
import { signedInActor } from '../sign-as.js';

export const catalogueHandlers: HandlerTable<keyof typeof catalogueCalls> = {
  health: (_input, ctx) => ({ ok: true as const, appVersion: ctx.appVersion, schemaVersion: ctx.schemaVersion }),
  'catalogue.info': (_input, ctx) => ({
    path: ctx.cataloguePath,
    schemaVersion: ctx.schemaVersion,
    appVersion: ctx.appVersion,
    counts: catalogueCounts(ctx.db),
  }),
  'facet.list': (_input, ctx) => listFacets(ctx.db),
  'facet.create': (input, ctx, caller) => {
    const facet = createFacet(ctx.db, input, signedInActor(caller));
    ctx.events.emit({ type: 'catalogue-changed', reason: 'facets' });
    return facet;
  },
  'facet.addLabel': (input, ctx, caller) => {
    const facet = addLabel(ctx.db, input.facet, input.name, signedInActor(caller));
    ctx.events.emit({ type: 'catalogue-changed', reason: 'facets' });
    return facet;
  },
  'facet.renameLabel': (input, ctx, caller) => {
    const facet = renameLabel(ctx.db, input.facet, input.label, input.name, signedInActor(caller));
    ctx.events.emit({ type: 'catalogue-changed', reason: 'facets' });
    return facet;
  },
  'settings.get': (_input, ctx) => getSettings(ctx.db),
  'settings.set': (input, ctx) => updateSettings(ctx.db, input),
};
