import type { Database } from 'better-sqlite3';
import type { Settings } from '../../common/contract/index.js';

function read(db: Database, key: string): string | null {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

function write(db: Database, key: string, value: string): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

export function getSettings(db: Database): Settings {
  const language = read(db, 'language');
  return { validator: read(db, 'validator'), language: language === 'en' ? 'en' : 'id' };
}

export function updateSettings(db: Database, patch: Partial<Settings>): Settings {
  db.transaction(() => {
    if (patch.validator) write(db, 'validator', patch.validator.trim());
    if (patch.language) write(db, 'language', patch.language);
  })();
  return getSettings(db);
}
