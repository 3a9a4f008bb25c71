import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import type { Facet, Label } from '../../common/contract/index.js';
import { auditSigner, auditWriter, changedBy, type Actor } from './audit.js';

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
    throw new ApiError('not_found', `Unknown facet "${key}". Known facets: ${known.join(', ')}`).translated('unknownFacet', { facet: key, known: known.join(', ') });
  }
  return toFacet(db, row);
}

/** The facet's label known by `key`: its own key, or the key of its name (a renamed label answers to both). */
function labelKnownAs(facet: Facet, key: string, except?: number): Label | undefined {
  return facet.labels.find((l) => l.id !== except && (l.key === key || labelKey(l.name) === key));
}

/** Resolve a label given by key or display name, refusing anything outside the facet's vocabulary. */
/** Label key → its name, for showing keys the core works with (comparisons, suspects) as people know them. */
export function labelNames(facet: Facet): Record<string, string> {
  return Object.fromEntries(facet.labels.map((l) => [l.key, l.name]));
}

export function resolveLabel(facet: Facet, keyOrName: string): Label {
  const label = labelKnownAs(facet, labelKey(keyOrName));
  if (!label) {
    const names = facet.labels.map((l) => l.name).join(', ');
    throw new ApiError('invalid_input', `"${keyOrName}" is not a label of facet "${facet.key}". Its labels are: ${names}`).translated('notALabel', {
      label: keyOrName,
      facet: facet.key,
      labels: names,
    });
  }
  return label;
}


/**
 * Refuse label names that cannot be told apart: labels are matched by their
 * key ("Mega Mendung" and "megamendung" are the same label), so two names
 * with one key, or a name with no letter or digit, would be ambiguous.
 */
function checkLabelNames(names: readonly string[]): string[] {
  const keys = names.map(labelKey);
  const empty = names.find((_, i) => keys[i].length === 0);
  if (empty !== undefined) {
    throw new ApiError('invalid_input', `The label "${empty}" needs at least one letter or digit`).translated('labelNeedsLetter', { label: empty });
  }
  for (let i = 0; i < keys.length; i++) {
    const j = keys.indexOf(keys[i]);
    if (j !== i) {
      throw new ApiError('invalid_input', `"${names[j]}" and "${names[i]}" are the same label (labels are matched without case, spaces or punctuation)`).translated(
        'labelsCollide',
        { a: names[j], b: names[i] },
      );
    }
  }
  return keys;
}

/** A new facet with its labels in order, in one transaction with its audit entry (every change to the vocabulary is kept). */
export function createFacet(db: Database, input: { key: string; nameId: string; nameEn: string; labels: string[] }, by?: Actor): Facet {
  const keys = checkLabelNames(input.labels);
  const exists = db.prepare('SELECT 1 FROM facets WHERE key = ?').get(input.key);
  if (exists) throw new ApiError('conflict', `A facet "${input.key}" already exists`).translated('facetExists', { facet: input.key });
  const at = new Date().toISOString();
  db.transaction(() => {
    const facetId = Number(
      db.prepare('INSERT INTO facets (key, name_id, name_en, created_at) VALUES (?, ?, ?, ?)').run(input.key, input.nameId.trim(), input.nameEn.trim(), at).lastInsertRowid,
    );
    const insert = db.prepare('INSERT INTO labels (facet_id, key, name, position) VALUES (?, ?, ?, ?)');
    input.labels.forEach((name, i) => insert.run(facetId, keys[i], name.trim(), i + 1));
    auditWriter(db)({
      at,
      ...auditSigner(changedBy(db, by)),
      action: 'facet.create',
      entity: 'facet',
      facetId,
      details: { key: input.key, nameId: input.nameId.trim(), nameEn: input.nameEn.trim(), labels: input.labels.map((l) => l.trim()) },
    });
  })();
  return getFacet(db, input.key);
}

/**
 * A label at the end of a facet. A label removed earlier with the same key
 * comes back (its reviews and predictions still point to it) rather than
 * colliding with it.
 */
export function addLabel(db: Database, facetKey: string, name: string, by?: Actor): Facet {
  const facet = getFacet(db, facetKey);
  const [key] = checkLabelNames([name]);
  const same = labelKnownAs(facet, key);
  if (same) {
    throw new ApiError('conflict', `Facet "${facetKey}" already has the label "${same.name}"`).translated('labelExists', { facet: facetKey, label: same.name });
  }
  const max = facet.labels.reduce((m, l) => Math.max(m, l.position), 0);
  db.transaction(() => {
    const removed = db.prepare('SELECT id FROM labels WHERE facet_id = ? AND key = ?').pluck().get(facet.id, key) as number | undefined;
    const labelId =
      removed ??
      Number(db.prepare('INSERT INTO labels (facet_id, key, name, position) VALUES (?, ?, ?, ?)').run(facet.id, key, name.trim(), max + 1).lastInsertRowid);
    if (removed !== undefined) db.prepare('UPDATE labels SET active = 1, name = ?, position = ? WHERE id = ?').run(name.trim(), max + 1, removed);
    auditWriter(db)({
      at: new Date().toISOString(),
      ...auditSigner(changedBy(db, by)),
      action: 'facet.addLabel',
      entity: 'facet',
      facetId: facet.id,
      toLabelId: labelId,
      details: { name: name.trim(), restored: removed !== undefined },
    });
  })();
  return getFacet(db, facetKey);
}

/**
 * A label's name changed (a typo, a better term). Its key, by which trained
 * models, imports and exports know it, stays, so no model, prediction or
 * review is lost; the new name is matched as well as the old key. Refused
 * when the name would be taken for another label of the facet.
 */
export function renameLabel(db: Database, facetKey: string, label: string, name: string, by?: Actor): Facet {
  const facet = getFacet(db, facetKey);
  const target = resolveLabel(facet, label);
  const [key] = checkLabelNames([name]);
  const other = labelKnownAs(facet, key, target.id);
  if (other) {
    throw new ApiError('conflict', `Facet "${facetKey}" already has the label "${other.name}"`).translated('labelExists', { facet: facetKey, label: other.name });
  }
  if (target.name === name.trim()) return facet;
  db.transaction(() => {
    db.prepare('UPDATE labels SET name = ? WHERE id = ?').run(name.trim(), target.id);
    auditWriter(db)({
      at: new Date().toISOString(),
      ...auditSigner(changedBy(db, by)),
      action: 'facet.renameLabel',
      entity: 'facet',
      facetId: facet.id,
      toLabelId: target.id,
      details: { from: target.name, to: name.trim() },
    });
  })();
  return getFacet(db, facetKey);
}
