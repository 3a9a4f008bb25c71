import { EMPTY_FILTER, type CantingEvent, type Decision, type FirstModelStatus, type FolderOption, type GridFilter, type GridItem, type GridSort, type ReviewApi, type ReviewStatus } from '../../../renderer/src/features/review/types.js';
import { fakeItem } from './setup.js';

/** learn.firstModel for "tema", a facet without a model, four themes on their way to 5 reviewed examples each. */
export function fakeFirstModel(over: Partial<FirstModelStatus> = {}): FirstModelStatus {
  return {
    facet: 'tema',
    hasModel: false,
    minPerLabel: 5,
    labels: [
      { key: 'arsitektur', name: 'Arsitektur', reviewed: 3 },
      { key: 'budaya', name: 'Budaya', reviewed: 5 },
      { key: 'fauna', name: 'Fauna', reviewed: 0 },
      { key: 'flora', name: 'Flora', reviewed: 7 },
    ],
    imagesWithoutFeatures: 0,
    ready: false,
    phase: 'idle',
    jobId: null,
    lastError: null,
    ...over,
  };
}

/**
 * An in-memory catalogue behind the ReviewApi seam: enough filtering, sorting,
 * batches and undo/redo to drive the screen as the real one would.
 */
export function fakeApi(count: number) {
  const items = new Map<number, GridItem>();
  for (let id = 1; id <= count; id++) {
    items.set(id, fakeItem(id, { label: id % 2 ? 'kawung' : 'parang', uncertainty: id / (count + 1), confidence: 1 - id / (count + 1) }));
  }
  const predicted = new Map([...items].map(([id, it]) => [id, it.label]));
  const batches = new Map<string, { before: GridItem[]; after: GridItem[] }>();
  const calls: { name: string; args: unknown[] }[] = [];
  let nextBatch = 1;
  let suggestCount = 5;
  let folders: FolderOption[] = [];
  // Every facet has a model unless a test says otherwise (no first-model banner).
  const firstModels = new Map<string, FirstModelStatus>();
  const listeners = new Set<(event: CantingEvent) => void>();
  // Kept apart from `calls`, which lists the catalogue changes the keyboard tests check in order.
  const firstModelAsked: string[] = [];
  const firstModelStarted: string[] = [];
  const featuresComputed: number[] = [];

  const matching = (filter: GridFilter, sort: GridSort) =>
    [...items.values()]
      .filter((it) => !filter.statuses.length || filter.statuses.includes(it.status))
      .filter((it) => !filter.labels.length || (it.label !== null && filter.labels.includes(it.label)))
      .filter((it) => filter.maxConfidence === null || (it.confidence ?? 0) <= filter.maxConfidence)
      .filter((it) => !filter.ids || filter.ids.includes(it.id))
      .sort((a, b) =>
        sort === 'given' ? filter.ids!.indexOf(a.id) - filter.ids!.indexOf(b.id) : sort === 'uncertainty' ? (b.uncertainty ?? 0) - (a.uncertainty ?? 0) : a.id - b.id,
      );

  const apply = (snapshot: GridItem[]) => {
    for (const it of snapshot) items.set(it.id, { ...it, revision: items.get(it.id)!.revision + 1 });
  };

  const api: ReviewApi = {
    async query(_facet, filter, sort, offset, limit, withCounts) {
      const all = matching(filter, sort);
      const byStatus: Partial<Record<ReviewStatus, number>> = {};
      const byLabel: Record<string, number> = {};
      for (const it of all) {
        byStatus[it.status] = (byStatus[it.status] ?? 0) + 1;
        if (it.label) byLabel[it.label] = (byLabel[it.label] ?? 0) + 1;
      }
      return {
        total: all.length,
        items: all.slice(offset, offset + limit),
        counts: withCounts
          ? {
              total: all.length,
              byLabel,
              noLabel: 0,
              byStatus: { unreviewed: 0, predicted: 0, corrected: 0, validated: 0, rejected: 0, awaiting: 0, disputed: 0, ...byStatus },
            }
          : null,
      };
    },
    async ids(_facet, filter, sort) {
      return matching(filter, sort).map((it) => it.id);
    },
    async decide(facet, allIds, decision: Decision, _seen, options = {}) {
      // As the catalogue does: decisions people made stay unless the caller asks (a dry run only counts).
      const decided = (id: number) => ['corrected', 'validated', 'rejected'].includes(items.get(id)!.status);
      const ids = options.overwriteDecided ? allIds : allIds.filter((id) => !decided(id));
      const skippedDecided = allIds.length - ids.length;
      if (options.dryRun) return { batchId: null, changed: ids.length, skippedDecided, overwritten: [] };
      calls.push({ name: 'decide', args: [facet, allIds, decision] });
      const before = ids.map((id) => ({ ...items.get(id)! }));
      const after = before.map((it): GridItem => {
        if (decision.action === 'reject') return { ...it, status: 'rejected', label: null };
        if (decision.action === 'validate') return { ...it, status: 'validated' };
        return { ...it, label: decision.label, status: decision.label === predicted.get(it.id) ? 'validated' : 'corrected' };
      });
      apply(after);
      const batchId = `b${nextBatch++}`;
      batches.set(batchId, { before, after });
      return { batchId, changed: ids.length, skippedDecided, overwritten: [] };
    },
    async undo(batchId) {
      calls.push({ name: 'undo', args: [batchId] });
      const b = batches.get(batchId)!;
      apply(b.before);
      const id = `b${nextBatch++}`;
      batches.set(id, { before: b.after, after: b.before });
      return { batchId: id, changed: b.before.length, skipped: 0 };
    },
    async redo(batchId) {
      calls.push({ name: 'redo', args: [batchId] });
      const b = batches.get(batchId)!;
      apply(b.after);
      const id = `b${nextBatch++}`;
      batches.set(id, b);
      return { batchId: id, changed: b.after.length, skipped: 0 };
    },
    async thumbnail() {
      return new Blob([new Uint8Array([1, 2, 3])], { type: 'image/webp' });
    },
    async full() {
      return new Blob([new Uint8Array([1, 2, 3])], { type: 'image/jpeg' });
    },
    async image(id, facet) {
      const it = items.get(id)!;
      return {
        id,
        fileName: it.fileName,
        relPath: it.fileName,
        rootPath: '/photos',
        width: 64,
        height: 64,
        format: 'jpeg',
        sizeBytes: 1000,
        capturedAt: null,
        camera: null,
        description: null,
        copyright: null,
        importedAt: '2026-01-01T00:00:00.000Z',
        missing: false,
        status: it.status,
        label: it.label,
        note: null,
        validator: null,
        modelVersion: 'v1',
        confidence: it.confidence,
        topk: [
          { label: 'kawung', name: 'Kawung', p: 0.7 },
          { label: 'parang', name: 'Parang', p: 0.3 },
        ],
        hint: null,
        duplicates: [],
        history: [],
        ...{ facet },
      };
    },
    async setNote() {},
    async knowledge() {
      return null;
    },
    async editKnowledge() {
      throw new Error('not in this fake');
    },
    async roots() {
      return [{ id: 1, path: '/photos', images: count }];
    },
    async folders() {
      return folders;
    },
    async facetCounts(facet) {
      return (await api.query(facet, EMPTY_FILTER, 'uncertainty', 0, 1, true)).counts!;
    },
    async modelVersions() {
      return [{ version: 'v1', images: count }];
    },
    async suggest(facet, limit) {
      calls.push({ name: 'suggest', args: [facet, limit] });
      // the most useful first, as learn.suggest would: here simply the unreviewed ones from the end
      const ids = [...items.values()].filter((it) => it.status === 'predicted').map((it) => it.id).reverse().slice(0, Math.min(limit, suggestCount));
      return { mode: 'informative' as const, ids, unlabelled: ids.length };
    },
    async firstModel(facet) {
      firstModelAsked.push(facet);
      return firstModels.get(facet) ?? fakeFirstModel({ facet, hasModel: true, labels: [] });
    },
    async computeFeatures() {
      featuresComputed.push(Date.now());
      return { jobId: 'classify-features', total: 3 };
    },
    async startFirstModel(facet) {
      firstModelStarted.push(facet);
      const status = firstModels.get(facet);
      if (!status?.ready) throw new Error(`Facet "${facet}" is not ready for its first model`);
      const started = { ...status, phase: 'training' as const, jobId: 'train-now', lastError: null };
      firstModels.set(facet, started);
      return started;
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    api,
    items,
    calls,
    setSuggestCount: (n: number) => (suggestCount = n),
    setFolders: (f: FolderOption[]) => (folders = f),
    firstModelAsked,
    firstModelStarted,
    featuresComputed,
    setFirstModel: (status: FirstModelStatus) => firstModels.set(status.facet, status),
    emit: (event: CantingEvent) => [...listeners].forEach((l) => l(event)),
  };
}
