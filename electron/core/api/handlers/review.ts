import type { imagesCalls } from '../../../common/contract/images.js';
import type { knowledgeCalls } from '../../../common/contract/knowledge.js';
import type { reviewCalls } from '../../../common/contract/review.js';
import type { AppContext } from '../../app/context.js';
import { editKnowledge, getKnowledge, knowledgeHistory, listKnowledge } from '../../knowledge/knowledge.js';
import { decide } from '../../review/decide.js';
import { imageDetail } from '../../review/detail.js';
import { listFolders } from '../../review/folders.js';
import { imageHistory } from '../../review/history.js';
import { listModelVersions } from '../../review/lists.js';
import { setNote } from '../../review/notes.js';
import { gridCounts, gridIds, queryGrid } from '../../review/query.js';
import { fullImage, thumbnail } from '../../review/thumbnails.js';
import { redoBatch, undoBatch } from '../../review/undo.js';
import type { HandlerTable } from '../types.js';
import { requireAbsolutePath } from '../absolute-path.js';
import { locateInImportFolder } from '../../catalogue/roots.js';
import { startFirstModelIfReady } from '../../workflows/first-model.js';
import { signAs, signedInActor } from '../sign-as.js';

/** Other windows refresh their grid and counts on this event. */
function changed<T>(ctx: AppContext, reason: string, value: T): T {
  ctx.events.emit({ type: 'catalogue-changed', reason });
  return value;
}

export const reviewHandlers: HandlerTable<keyof typeof reviewCalls | keyof typeof imagesCalls | keyof typeof knowledgeCalls> = {
  'review.query': (input, ctx) => queryGrid(ctx.db, input),
  'review.counts': (input, ctx) => gridCounts(ctx.db, input.facet, input.filter),
  'review.ids': (input, ctx) => gridIds(ctx.db, input.facet, input.filter, input.sort, input.desc),
  'review.decide': async ({ validator, ...input }, ctx, caller) => {
    const as = signAs(caller, validator);
    if (input.dryRun) return decide(ctx.db, input, as);
    const result = changed(ctx, 'review', decide(ctx.db, input, as));
    // A new facet trains, activates and applies its first model by itself once every label has enough examples.
    if (result.changed) await startFirstModelIfReady(ctx, input.facet);
    return result;
  },
  'review.undo': (input, ctx, caller) => changed(ctx, 'review', undoBatch(ctx.db, input.batchId, signAs(caller, input.validator))),
  'review.redo': (input, ctx, caller) => changed(ctx, 'review', redoBatch(ctx.db, input.batchId, signAs(caller))),
  'review.history': (input, ctx) => imageHistory(ctx.db, input.id, input.facet),
  'review.setNote': (input, ctx, caller) => changed(ctx, 'review', setNote(ctx.db, input.id, input.facet, input.note, signedInActor(caller))),
  'review.folders': (input, ctx) => listFolders(ctx.db, input.facet, input.rootId ?? null),
  'review.locateFolder': (input, ctx) => locateInImportFolder(ctx.db, requireAbsolutePath(input.path)),
  'review.modelVersions': (input, ctx) => listModelVersions(ctx.db, input.facet),
  'image.thumbnail': (input, ctx) => thumbnail(ctx.db, input.id),
  'image.full': (input, ctx) => fullImage(ctx.db, input.id, input.maxSize, input.format),
  'image.detail': (input, ctx) => imageDetail(ctx.db, input.id),
  'knowledge.list': (_input, ctx) => listKnowledge(ctx.db),
  'knowledge.get': (input, ctx) => getKnowledge(ctx.db, input.key),
  'knowledge.edit': (input, ctx, caller) => changed(ctx, 'knowledge', editKnowledge(ctx.db, input, signedInActor(caller))),
  'knowledge.history': (input, ctx) => knowledgeHistory(ctx.db, input.key),
};
