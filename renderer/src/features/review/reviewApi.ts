import type { Client } from '../../api/client.js';
import type { GridFilter as WireFilter } from '../../../../electron/common/contract/index.js';
import { base64ToBlob } from './thumbnails.js';
import type { GridFilter, ReviewApi } from './types.js';

/** The screen's filter → the contract's (empty means "no filter", sent as null). */
export function toWireFilter(f: GridFilter): WireFilter {
  return {
    labels: f.labels.length ? f.labels : null,
    statuses: f.statuses.length ? f.statuses : null,
    minConfidence: f.minConfidence,
    maxConfidence: f.maxConfidence,
    rootId: f.rootId,
    folder: f.folder.trim() || null,
    modelVersion: f.modelVersion,
    hasDuplicate: f.hasDuplicate,
    text: f.text.trim() || null,
    ids: f.ids,
  };
}

/** Largest side asked for in the large view: full resolution for archive photos, bounded for giant scans. */
const FULL_MAX_SIZE = 8192;

/** The review screen's calls, over whichever transport the client uses. */
export function createReviewApi(client: Client): ReviewApi {
  return {
    async query(facet, filter, sort, offset, limit, withCounts) {
      const page = await client.call('review.query', { facet, filter: toWireFilter(filter), sort, offset, limit, counts: withCounts });
      return { total: page.total, items: page.items, counts: page.counts };
    },
    async ids(facet, filter, sort) {
      return (await client.call('review.ids', { facet, filter: toWireFilter(filter), sort })).ids;
    },
    async decide(facet, ids, decision, seen, options = {}) {
      const r = await client.call('review.decide', {
        facet,
        ids,
        action: decision.action,
        ...(decision.action === 'label' ? { label: decision.label } : {}),
        ...(seen && Object.keys(seen).length ? { seen } : {}),
        overwriteDecided: options.overwriteDecided ?? false,
        dryRun: options.dryRun ?? false,
      });
      return {
        batchId: r.batchId,
        changed: r.changed,
        skippedDecided: r.skippedDecided,
        overwritten: r.overwritten.map((o) => ({ id: o.id, by: o.by })),
        items: r.items.map((i) => ({ id: i.id, status: i.status, label: i.label })),
      };
    },
    async undo(batchId) {
      const r = await client.call('review.undo', { batchId });
      return { batchId: r.batchId, changed: r.changed, skipped: r.skipped.length };
    },
    async redo(batchId) {
      const r = await client.call('review.redo', { batchId });
      return { batchId: r.batchId, changed: r.changed, skipped: r.skipped.length };
    },
    async thumbnail(id) {
      const r = await client.call('image.thumbnail', { id });
      return base64ToBlob(r.base64, r.mime);
    },
    async full(id) {
      const r = await client.call('image.full', { id, maxSize: FULL_MAX_SIZE });
      return base64ToBlob(r.base64, r.mime);
    },
    async image(id, facet) {
      const d = await client.call('image.detail', { id });
      const f = d.facets.find((x) => x.facet === facet);
      return {
        id: d.id,
        fileName: d.fileName,
        relPath: d.relPath,
        rootPath: d.rootPath,
        width: d.width,
        height: d.height,
        format: d.format,
        sizeBytes: d.sizeBytes,
        capturedAt: d.capturedAt,
        camera: d.camera,
        description: d.description,
        copyright: d.copyright,
        importedAt: d.importedAt,
        missing: d.missing,
        status: f?.status ?? 'unreviewed',
        label: f?.label ?? null,
        note: f?.note ?? null,
        validator: f?.validator ?? null,
        modelVersion: f?.modelVersion ?? null,
        confidence: f?.confidence ?? null,
        topk: f?.topk ?? [],
        hint: f?.hint ?? null,
        duplicates: d.duplicates.map((x) => ({ id: x.id, fileName: x.fileName, hasThumbnail: x.hasThumbnail })),
        history: d.history.filter((h) => h.facet === facet || h.facet === null),
      };
    },
    async setNote(id, facet, note) {
      await client.call('review.setNote', { id, facet, note });
    },
    knowledge: (key) => client.call('knowledge.get', { key }),
    editKnowledge: (edit) => client.call('knowledge.edit', edit),
    roots: () => client.call('import.roots', {}),
    folders: (facet, rootId) => client.call('review.folders', { facet, rootId }),
    facetCounts: (facet) => client.call('review.counts', { facet, filter: {} }),
    async modelVersions(facet) {
      return (await client.call('review.modelVersions', { facet })).map((m) => ({ version: m.version, images: m.images }));
    },
    async suggest(facet, limit) {
      const r = await client.call('learn.suggest', { facet, limit });
      return { mode: r.mode, ids: r.items.map((i) => i.imageId), unlabelled: r.unlabelled };
    },
    firstModel: (facet) => client.call('learn.firstModel', { facet }),
    startFirstModel: (facet) => client.call('learn.startFirstModel', { facet }),
    computeFeatures: () => client.call('classify.features', {}),
    onEvent: (listener) => client.onEvent(listener),
  };
}
