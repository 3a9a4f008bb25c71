import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import type { KnowledgeEntry, ReviewHistoryEntry } from '../../common/contract/index.js';
import { labelKey } from '../catalogue/facets.js';
import { auditWriter, decidedBy, type Actor } from '../catalogue/audit.js';
import { HISTORY_SELECT, toHistoryEntry } from '../review/history.js';

/**
 * The motif knowledge base (migration 0003): what a motif is, where it comes
 * from and what it means, with sources. Keys follow the label-key rule, so a
 * label's card is found from its key or its display name. Region, theme,
 * meaning and caveats each have an Indonesian and an English text (migration
 * 0006); either may be missing.
 */

interface Row {
  key: string;
  name: string;
  alt_names: string;
  region_id: string | null;
  region_en: string | null;
  theme_id: string | null;
  theme_en: string | null;
  meaning_id: string | null;
  meaning_en: string | null;
  sources: string;
  caveats_id: string | null;
  caveats_en: string | null;
  updated_by: string | null;
  updated_at: string;
}

type Source = KnowledgeEntry['sources'][number];

function toEntry(db: Database, r: Row): KnowledgeEntry {
  const labelOf = db
    .prepare('SELECT DISTINCT f.key FROM labels l JOIN facets f ON f.id = l.facet_id WHERE l.key = ? AND l.active = 1 ORDER BY f.id')
    .pluck()
    .all(r.key) as string[];
  const sources = (JSON.parse(r.sources) as Partial<Source>[]).map((s) => ({ title: String(s.title ?? ''), url: s.url ?? null, note: s.note ?? null }));
  return {
    key: r.key,
    name: r.name,
    altNames: JSON.parse(r.alt_names) as string[],
    regionId: r.region_id,
    regionEn: r.region_en,
    themeId: r.theme_id,
    themeEn: r.theme_en,
    meaningId: r.meaning_id,
    meaningEn: r.meaning_en,
    sources,
    caveatsId: r.caveats_id,
    caveatsEn: r.caveats_en,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
    labelOf,
  };
}

export function listKnowledge(db: Database): KnowledgeEntry[] {
  return (db.prepare('SELECT * FROM motif_knowledge ORDER BY name COLLATE NOCASE').all() as Row[]).map((r) => toEntry(db, r));
}

/** Keys of entries are normalised like label keys; an empty result means the text had no letters or digits. */
function keyOf(keyOrName: string): string {
  const key = labelKey(keyOrName);
  if (!key) throw new ApiError('invalid_input', `"${keyOrName}" is not a motif key or name`);
  return key;
}

export function getKnowledge(db: Database, keyOrName: string): KnowledgeEntry | null {
  const key = keyOf(keyOrName);
  const row = db.prepare('SELECT * FROM motif_knowledge WHERE key = ?').get(key) as Row | undefined;
  if (row) return toEntry(db, row);
  // A name given by an alternative name ("Sido Mukti") still finds its card.
  const all = db.prepare('SELECT * FROM motif_knowledge').all() as Row[];
  const alt = all.find((r) => (JSON.parse(r.alt_names) as string[]).some((n) => labelKey(n) === key));
  return alt ? toEntry(db, alt) : null;
}

export interface KnowledgeEdit {
  key: string;
  name?: string;
  altNames?: string[];
  regionId?: string | null;
  regionEn?: string | null;
  themeId?: string | null;
  themeEn?: string | null;
  meaningId?: string | null;
  meaningEn?: string | null;
  sources?: { title: string; url?: string | null; note?: string | null }[];
  caveatsId?: string | null;
  caveatsEn?: string | null;
}

/** The one-language texts: each is edited, stored and audited on its own. */
const TEXTS = ['regionId', 'regionEn', 'themeId', 'themeEn', 'meaningId', 'meaningEn', 'caveatsId', 'caveatsEn'] as const;
type Text = (typeof TEXTS)[number];
const FIELDS = ['name', 'altNames', ...TEXTS, 'sources'] as const;
type Field = (typeof FIELDS)[number];

/** Empty text means "unknown": stored as null rather than as an empty string. */
function clean(v: string | null | undefined): string | null {
  const t = v?.trim();
  return t ? t : null;
}

/**
 * Create or change an entry; only the fields given change. The audit entry
 * keeps the old and new values of exactly the changed fields. `by`: the
 * signed-in user (else the catalogue's validator name).
 */
export function editKnowledge(db: Database, edit: KnowledgeEdit, by?: Actor): KnowledgeEntry {
  const author = decidedBy(db, by);
  const validator = author.name;
  const key = keyOf(edit.key);
  return db
    .transaction(() => {
      const row = db.prepare('SELECT * FROM motif_knowledge WHERE key = ?').get(key) as Row | undefined;
      if (!row && !edit.name) throw new ApiError('invalid_input', `There is no knowledge entry "${key}" yet; give a name to create it`);
      const before: KnowledgeEntry | null = row ? toEntry(db, row) : null;
      const text = (f: Text) => (edit[f] !== undefined ? clean(edit[f]) : (before?.[f] ?? null));
      const next = {
        name: edit.name?.trim() ?? before!.name,
        altNames: edit.altNames ? [...new Set(edit.altNames.map((n) => n.trim()))] : (before?.altNames ?? []),
        ...(Object.fromEntries(TEXTS.map((f) => [f, text(f)])) as Record<Text, string | null>),
        sources: edit.sources ? edit.sources.map((s) => ({ title: s.title.trim(), url: s.url ?? null, note: clean(s.note) })) : (before?.sources ?? []),
      };
      const changed = FIELDS.filter((f) => !before || JSON.stringify(before[f]) !== JSON.stringify(next[f]));
      if (!changed.length) return before!;
      const at = new Date().toISOString();
      db.prepare(
        `INSERT INTO motif_knowledge (key, name, alt_names, region_id, region_en, theme_id, theme_en, meaning_id, meaning_en, sources, caveats_id, caveats_en, updated_by, updated_at)
         VALUES (@key, @name, @altNames, @regionId, @regionEn, @themeId, @themeEn, @meaningId, @meaningEn, @sources, @caveatsId, @caveatsEn, @by, @at)
         ON CONFLICT (key) DO UPDATE SET name = excluded.name, alt_names = excluded.alt_names,
           region_id = excluded.region_id, region_en = excluded.region_en, theme_id = excluded.theme_id, theme_en = excluded.theme_en,
           meaning_id = excluded.meaning_id, meaning_en = excluded.meaning_en, sources = excluded.sources,
           caveats_id = excluded.caveats_id, caveats_en = excluded.caveats_en, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      ).run({ key, ...next, altNames: JSON.stringify(next.altNames), sources: JSON.stringify(next.sources), by: validator, at });
      const pick = (o: Record<Field, unknown> | null) => (o ? Object.fromEntries(changed.map((f) => [f, o[f]])) : null);
      auditWriter(db)({
        at,
        actor: validator,
        userId: author.userId,
        action: before ? 'knowledge.edit' : 'knowledge.create',
        entity: 'motif_knowledge',
        details: { key, from: pick(before), to: pick(next) },
      });
      return toEntry(db, db.prepare('SELECT * FROM motif_knowledge WHERE key = ?').get(key) as Row);
    })
    .immediate();
}

/** Edits of one entry, oldest first (partial expression index on the key, no log scan). */
export function knowledgeHistory(db: Database, keyOrName: string): ReviewHistoryEntry[] {
  const key = keyOf(keyOrName);
  const rows = db
    .prepare(`${HISTORY_SELECT} WHERE a.entity = 'motif_knowledge' AND json_extract(a.details, '$.key') = ? ORDER BY a.id`)
    .all(key) as Parameters<typeof toHistoryEntry>[0][];
  return rows.map(toHistoryEntry);
}
