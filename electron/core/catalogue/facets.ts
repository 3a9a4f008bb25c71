import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import type { Facet, Label } from '../../common/contract/index.js';

interface FacetRow {
  id: number;
  key: string;
  name_id: string;
  name_en: string;
}

export function labelKey(name: string): string {
  // "Mega Mendung" → "megamendung": the same rule as eval's folder matching
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

export function listLabels(db: Database, facetId: number): Label[] {
  return db
    .prepare('SELECT id, key, name, position FROM labels WHERE facet_id = ? AND active = 1 ORDER BY position')
    .all(facetId) as Label[];
}

function activeModelVersion(db: Database, facetId: number): string | null {
  const row = db.prepare('SELECT version FROM models WHERE facet_id = ? AND active = 1').get(facetId) as { version: string } | undefined;
  return row?.version ?? null;
}

function toFacet(db: Database, row: FacetRow): Facet {
  return {
    id: row.id,
    key: row.key,
    nameId: row.name_id,
    nameEn: row.name_en,
    labels: listLabels(db, row.id),
    activeModel: activeModelVersion(db, row.id),
  };
}

export function listFacets(db: Database): Facet[] {
  const rows = db.prepare('SELECT id, key, name_id, name_en FROM facets ORDER BY id').all() as FacetRow[];
  return rows.map((r) => toFacet(db, r));
}

export function getFacet(db: Database, key: string): Facet {
  const row = db.prepare('SELECT id, key, name_id, name_en FROM facets WHERE key = ?').get(key) as FacetRow | undefined;
  if (!row) {
    const known = (db.prepare('SELECT key FROM facets ORDER BY id').all() as { key: string }[]).map((r) => r.key);
    throw new ApiError('not_found', `Unknown facet "${key}". Known facets: ${known.join(', ')}`);
  }
  return toFacet(db, row);
}

/** Resolve a label given by key or display name, refusing anything outside the facet's vocabulary. */
export function resolveLabel(facet: Facet, keyOrName: string): Label {
  const wanted = labelKey(keyOrName);
  const label = facet.labels.find((l) => l.key === wanted || labelKey(l.name) === wanted);
  if (!label) {
    throw new ApiError(
      'invalid_input',
      `"${keyOrName}" is not a label of facet "${facet.key}". Its labels are: ${facet.labels.map((l) => l.name).join(', ')}`,
    );
  }
  return label;
}

export function createFacet(db: Database, input: { key: string; nameId: string; nameEn: string; labels: string[] }): Facet {
  const keys = input.labels.map(labelKey);
  if (keys.some((k) => k.length === 0)) throw new ApiError('invalid_input', 'Every label needs at least one letter or digit');
  if (new Set(keys).size !== keys.length) throw new ApiError('invalid_input', 'Two labels have the same name');
  const exists = db.prepare('SELECT 1 FROM facets WHERE key = ?').get(input.key);
  if (exists) throw new ApiError('conflict', `A facet "${input.key}" already exists`);
  db.transaction(() => {
    const { lastInsertRowid } = db
      .prepare('INSERT INTO facets (key, name_id, name_en, created_at) VALUES (?, ?, ?, ?)')
      .run(input.key, input.nameId, input.nameEn, new Date().toISOString());
    const insert = db.prepare('INSERT INTO labels (facet_id, key, name, position) VALUES (?, ?, ?, ?)');
    input.labels.forEach((name, i) => insert.run(lastInsertRowid, keys[i], name.trim(), i + 1));
  })();
  return getFacet(db, input.key);
}

export function addLabel(db: Database, facetKey: string, name: string): Facet {
  const facet = getFacet(db, facetKey);
  const key = labelKey(name);
  if (!key) throw new ApiError('invalid_input', 'A label needs at least one letter or digit');
  if (facet.labels.some((l) => l.key === key)) throw new ApiError('conflict', `Facet "${facetKey}" already has a label "${name}"`);
  const max = facet.labels.reduce((m, l) => Math.max(m, l.position), 0);
  db.prepare('INSERT INTO labels (facet_id, key, name, position) VALUES (?, ?, ?, ?)').run(facet.id, key, name.trim(), max + 1);
  return getFacet(db, facetKey);
}
