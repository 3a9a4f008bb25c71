import type { Database } from 'better-sqlite3';
import type { Settings } from '../../common/contract/index.js';

/** One value of the catalogue's key/value settings (features keep their own keys here: no migration needed). */
export function readSetting(db: Database, key: string): string | null {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function writeSetting(db: Database, key: string, value: string): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

export function getSettings(db: Database): Settings {
  const language = readSetting(db, 'language');
  return { validator: readSetting(db, 'validator'), language: language === 'en' ? 'en' : 'id' };
}

export function updateSettings(db: Database, patch: Partial<Settings>): Settings {
  db.transaction(() => {
    if (patch.validator) writeSetting(db, 'validator', patch.validator.trim());
    if (patch.language) writeSetting(db, 'language', patch.language);
  })();
  return getSettings(db);
}
