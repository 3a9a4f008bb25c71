import type { Database } from 'better-sqlite3';
import { locateInImportFolder } from '../catalogue/roots.js';
import type { MatchBy } from '../../common/contract/index.js';

/**
 * The current photos (not superseded) a sheet's key names. More than one is
 * an ambiguous row: the same file name in two folders, a relative path under
 * two import folders.
 */
export function photoMatcher(db: Database, by: MatchBy): (key: string) => number[] {
  const ids = (sql: string) => {
    const stmt = db.prepare(sql).pluck();
    return (...args: unknown[]) => stmt.all(...args) as number[];
  };
  switch (by) {
    case 'file-name': {
      const q = ids('SELECT id FROM images WHERE file_name = ? COLLATE NOCASE AND superseded_by IS NULL ORDER BY id');
      // A cell may hold a whole path ("D:\Arsip\Kawung\001.jpg"): its last part is the name.
      return (key) => q(key.split(/[\\/]/).filter(Boolean).at(-1) ?? key);
    }
    case 'path': {
      const rel = ids("SELECT id FROM images WHERE rel_path = ? AND superseded_by IS NULL ORDER BY id");
      const at = ids('SELECT id FROM images WHERE root_id = ? AND rel_path = ? AND superseded_by IS NULL');
      return (key) => {
        const p = key.replace(/\\/g, '/');
        if (p.startsWith('/') || /^[A-Za-z]:\//.test(p)) {
          const found = locateInImportFolder(db, p);
          return found ? at(found.rootId, found.folder) : [];
        }
        return rel(p.replace(/^\.\//, ''));
      };
    }
    case 'sha256': {
      const q = ids('SELECT id FROM images WHERE sha256 = ? AND superseded_by IS NULL');
      return (key) => q(key.toLowerCase());
    }
    case 'identifier': {
      const q = ids(
        "SELECT r.image_id FROM record_metadata r JOIN images i ON i.id = r.image_id WHERE r.field = 'identifier' AND r.value = ? AND i.superseded_by IS NULL",
      );
      return (key) => q(key);
    }
  }
}
