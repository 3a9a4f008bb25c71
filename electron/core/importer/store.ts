import type { Database } from 'better-sqlite3';
import type { AnalyseResult, AnalysedImage } from './analyse.js';
import { FolderHints } from './hints.js';
import { hamming, NEAR_DUPLICATE_BITS, PhashIndex } from './phash.js';

export type FileState = 'imported' | 'duplicate' | 'unchanged' | 'failed';

/** A queued file of an import job (a row of import_files). */
export interface QueuedFile {
  rowid: number;
  rootId: number;
  rootPath: string;
  rel: string;
}

interface ImageAtPath {
  id: number;
  sha256: string;
  size_bytes: number;
  mtime_ms: number | null;
  missing: number;
}

/**
 * All catalogue writes of an import, on the main thread (the only connection).
 * `apply` records one analysed file; callers wrap batches of calls in one
 * transaction. Exact duplicates are found by SHA-256 — against the catalogue
 * and, because each insert is visible at once, against earlier files of the
 * same run.
 */
export class ImportWriter {
  private readonly phashes = new PhashIndex();
  private readonly hints: FolderHints;
  private readonly q;

  constructor(
    private readonly db: Database,
    private readonly jobId: number,
  ) {
    this.hints = new FolderHints(db);
    for (const r of db.prepare('SELECT id, phash FROM images WHERE phash IS NOT NULL AND superseded_by IS NULL ORDER BY id').iterate() as Iterable<{ id: number; phash: string }>) {
      this.phashes.add(r.id, r.phash);
    }
    this.q = {
      atPath: db.prepare(
        'SELECT id, sha256, size_bytes, mtime_ms, missing FROM images WHERE root_id = ? AND rel_path = ? AND superseded_by IS NULL ORDER BY id DESC LIMIT 1',
      ),
      bySha: db.prepare('SELECT id, root_id, rel_path, superseded_by FROM images WHERE sha256 = ?'),
      setFile: db.prepare('UPDATE import_files SET state = ?, image_id = ?, error = ? WHERE rowid = ?'),
      touch: db.prepare('UPDATE images SET size_bytes = ?, mtime_ms = ?, missing = 0 WHERE id = ?'),
      supersede: db.prepare('UPDATE images SET superseded_by = ? WHERE id = ?'),
      unsupersede: db.prepare('UPDATE images SET superseded_by = NULL WHERE id = ?'),
      insert: db.prepare(
        `INSERT INTO images (sha256, root_id, rel_path, file_name, size_bytes, mtime_ms, width, height, format, phash, dup_group,
                             captured_at, camera, gps_lat, gps_lon, description, keywords, copyright, metadata, imported_at, import_job_id)
         VALUES (@sha256, @rootId, @rel, @fileName, @size, @mtimeMs, @width, @height, @format, @phash, @dupGroup,
                 @capturedAt, @camera, @gpsLat, @gpsLon, @description, @keywords, @copyright, @metadata, @importedAt, @jobId)`,
      ),
      thumb: db.prepare('INSERT OR REPLACE INTO thumbnails (image_id, mime, width, height, data) VALUES (?, ?, ?, ?, ?)'),
      leaderOf: db.prepare('SELECT l.id, l.phash FROM images i JOIN images l ON l.id = coalesce(i.dup_group, i.id) WHERE i.id = ?'),
      lead: db.prepare('UPDATE images SET dup_group = id WHERE id = ? AND dup_group IS NULL'),
      fileState: db.prepare('SELECT state FROM import_files WHERE rowid = ?').pluck(),
    };
  }

  /** What the catalogue already has at this path, so an unchanged file is not read again. */
  known(file: QueuedFile): { size: number; mtimeMs: number } | null {
    const row = this.q.atPath.get(file.rootId, file.rel) as ImageAtPath | undefined;
    return row && row.mtime_ms !== null ? { size: row.size_bytes, mtimeMs: row.mtime_ms } : null;
  }

  /** null: the row was no longer pending (a result delivered twice, e.g. a queue job retried after a crash), and nothing changed. */
  apply(file: QueuedFile, result: AnalyseResult): FileState | null {
    if (this.q.fileState.get(file.rowid) !== 'pending') return null;
    const current = this.q.atPath.get(file.rootId, file.rel) as ImageAtPath | undefined;
    if (result.kind === 'failed') {
      this.q.setFile.run('failed', null, result.reason, file.rowid);
      return 'failed';
    }
    if (result.kind === 'unchanged') {
      if (!current) throw new Error(`no catalogued image at ${file.rel} to call unchanged`);
      if (current.missing) this.q.touch.run(result.size, result.mtimeMs, current.id);
      this.q.setFile.run('unchanged', current.id, null, file.rowid);
      return 'unchanged';
    }
    const same = this.q.bySha.get(result.sha256) as { id: number; root_id: number; rel_path: string; superseded_by: number | null } | undefined;
    if (same && same.root_id === file.rootId && same.rel_path === file.rel) {
      // Same content at the same place: only the file's date changed, or it was changed back.
      if (same.superseded_by !== null) {
        this.q.unsupersede.run(same.id);
        if (current && current.id !== same.id) this.q.supersede.run(same.id, current.id);
      }
      this.q.touch.run(result.size, result.mtimeMs, same.id);
      this.q.setFile.run('unchanged', same.id, null, file.rowid);
      return 'unchanged';
    }
    if (same) {
      // The content is already catalogued (elsewhere, or earlier in this run). If this path
      // held other content before, that old image is superseded by the known one.
      if (current && current.id !== same.id) this.q.supersede.run(same.id, current.id);
      this.q.setFile.run('duplicate', same.id, null, file.rowid);
      return 'duplicate';
    }
    const id = this.insertImage(file, result, current?.id ?? null);
    if (current) this.q.supersede.run(id, current.id);
    this.q.setFile.run('imported', id, null, file.rowid);
    return 'imported';
  }

  /**
   * The near-duplicate group a new image joins: a group is its first image
   * (the leader, whose id names it) and the later images within reach of that
   * leader. Joining through any member instead (single-link) chains distinct
   * photos into ever larger groups as the catalogue grows — on 10,000 generated
   * photos one "group" reached 850 images while no image had over 26 neighbours —
   * which is useless in the review grid, and every insert into a group
   * recomputes all its grid rows (review_grid triggers), so import slowed
   * with the catalogue. The nearest leader wins (ties: the oldest). The older
   * version of a changed file is about to be superseded, so it does not count.
   */
  private nearGroup(phash: string, replaces: number | null): number | null {
    let best: { id: number; bits: number } | null = null;
    const seen = new Set<number>();
    for (const id of this.phashes.near(phash)) {
      if (id === replaces) continue;
      const leader = this.q.leaderOf.get(id) as { id: number; phash: string | null } | undefined;
      if (!leader?.phash || leader.id === replaces || seen.has(leader.id)) continue;
      seen.add(leader.id);
      const bits = hamming(phash, leader.phash);
      if (bits <= NEAR_DUPLICATE_BITS && (!best || bits < best.bits || (bits === best.bits && leader.id < best.id))) best = { id: leader.id, bits };
    }
    if (best) this.q.lead.run(best.id); // a lone image becomes the leader of a new group
    return best?.id ?? null;
  }

  private insertImage(file: QueuedFile, r: AnalysedImage, replaces: number | null): number {
    const dupGroup = this.nearGroup(r.phash, replaces);
    const m = r.metadata;
    const { lastInsertRowid } = this.q.insert.run({
      sha256: r.sha256,
      rootId: file.rootId,
      rel: file.rel,
      fileName: file.rel.split('/').at(-1)!,
      size: r.size,
      mtimeMs: r.mtimeMs,
      width: r.width,
      height: r.height,
      format: r.format,
      phash: r.phash,
      dupGroup,
      capturedAt: m.capturedAt,
      camera: m.camera,
      gpsLat: m.gpsLat,
      gpsLon: m.gpsLon,
      description: m.description,
      keywords: m.keywords.length ? JSON.stringify(m.keywords) : null,
      copyright: m.copyright,
      metadata: m.extra ? JSON.stringify(m.extra) : null,
      importedAt: new Date().toISOString(),
      jobId: this.jobId,
    });
    const id = Number(lastInsertRowid);
    this.q.thumb.run(id, r.thumbnail.mime, r.thumbnail.width, r.thumbnail.height, Buffer.from(r.thumbnail.data));
    this.hints.record(id, file.rootPath, file.rel);
    this.phashes.add(id, r.phash);
    return id;
  }
}
