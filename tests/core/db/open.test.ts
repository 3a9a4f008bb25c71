import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openCatalogue } from '../../../electron/core/db/open.js';
import { loadMigrations } from '../../../electron/core/db/migrate.js';
import { tempDir } from '../../helpers/temp.js';

describe('openCatalogue', () => {
  it('creates a new catalogue with WAL, foreign keys and the latest schema', async () => {
    const file = path.join(tempDir(), 'new.sqlite');
    const { db, schemaVersion, backupPath } = await openCatalogue(file);
    expect(schemaVersion).toBe(loadMigrations().length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(backupPath).toBeNull();
    db.close();
  });

  it('refuses a file that is not a catalogue and leaves it untouched', async () => {
    const file = path.join(tempDir(), 'notes.sqlite');
    fs.writeFileSync(file, 'these are my notes, not a database');
    await expect(openCatalogue(file)).rejects.toThrow(/not a Canting catalogue/);
    expect(fs.readFileSync(file, 'utf8')).toBe('these are my notes, not a database');
  });

  it('refuses an SQLite database that belongs to another program', async () => {
    const file = path.join(tempDir(), 'other.sqlite');
    const other = new BetterSqlite3(file);
    other.exec('CREATE TABLE contacts (name TEXT)');
    other.close();
    await expect(openCatalogue(file)).rejects.toThrow(/not a Canting catalogue/);
    const check = new BetterSqlite3(file);
    expect(check.prepare("SELECT name FROM sqlite_master WHERE type='table'").all()).toEqual([{ name: 'contacts' }]);
    check.close();
  });

  it('refuses a corrupt catalogue with a message that points to the backups', async () => {
    const file = path.join(tempDir(), 'corrupt.sqlite');
    const { db } = await openCatalogue(file);
    db.close();
    const bytes = fs.readFileSync(file);
    bytes.fill(0x5a, 100, bytes.length); // keep the header, destroy the pages
    fs.writeFileSync(file, bytes);
    await expect(openCatalogue(file)).rejects.toThrow(/damaged|not a Canting catalogue/);
  });

  it('refuses a catalogue made by a newer version without changing it', async () => {
    const file = path.join(tempDir(), 'future.sqlite');
    const { db } = await openCatalogue(file);
    db.pragma('user_version = 99');
    db.close();
    await expect(openCatalogue(file)).rejects.toThrow(/newer Canting.*v99/);
    const check = new BetterSqlite3(file);
    expect(check.pragma('user_version', { simple: true })).toBe(99);
    check.close();
  });

  it('says so when the folder is read-only', async () => {
    if (process.getuid?.() === 0) {
      // root ignores permission bits; simulate with a path whose folder is missing instead
      await expect(openCatalogue(path.join(tempDir(), 'missing', 'x.sqlite'))).rejects.toThrow(/does not exist/);
      return;
    }
    const dir = tempDir();
    fs.chmodSync(dir, 0o555);
    await expect(openCatalogue(path.join(dir, 'x.sqlite'))).rejects.toThrow(/read-only/);
    fs.chmodSync(dir, 0o755);
  });

  it('refuses a catalogue held open by another process and loses nothing', async () => {
    const file = path.join(tempDir(), 'shared.sqlite');
    const first = await openCatalogue(file);
    first.db.prepare("INSERT INTO settings (key, value) VALUES ('validator', 'Sari')").run();
    first.db.close();

    // Another process holds the catalogue open (as a second running Canting would).
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const D=require('better-sqlite3');const db=new D(${JSON.stringify(file)});db.pragma('locking_mode=EXCLUSIVE');db.pragma('journal_mode=WAL');db.exec('BEGIN IMMEDIATE;COMMIT;');console.log('held');setInterval(()=>{},1000);`,
      ],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
    try {
      await expect(openCatalogue(file)).rejects.toThrow(/open in another Canting/);
    } finally {
      holder.kill('SIGKILL');
      await new Promise((r) => holder.once('exit', r));
    }
    // Once the other process is gone (even killed), the catalogue opens with its data.
    const again = await openCatalogue(file);
    expect(again.db.prepare("SELECT value FROM settings WHERE key='validator'").get()).toEqual({ value: 'Sari' });
    again.db.close();
  });
});

describe('openCatalogue migrating an older file', () => {
  it('backs the file up next to itself before migrating, and the backup keeps the old rows', async () => {
    const real = loadMigrations();
    const extra = { version: real.length + 1, name: 'test_extra', sql: 'CREATE TABLE extra_things (id INTEGER PRIMARY KEY) STRICT;' };
    const file = path.join(tempDir(), 'old.sqlite');
    const old = await openCatalogue(file, { migrations: real });
    old.db.prepare("INSERT INTO settings (key, value) VALUES ('validator', 'Budi')").run();
    old.db.close();

    const upgraded = await openCatalogue(file, { migrations: [...real, extra] });
    expect(upgraded.schemaVersion).toBe(real.length + 1);
    expect(upgraded.backupPath).toMatch(/old\.sqlite\.backup-v\d+-.*\.sqlite$/);
    expect(upgraded.db.prepare('SELECT value FROM settings').get()).toEqual({ value: 'Budi' });
    upgraded.db.close();

    const backup = new BetterSqlite3(upgraded.backupPath!);
    expect(backup.pragma('user_version', { simple: true })).toBe(real.length);
    expect(backup.prepare('SELECT value FROM settings').get()).toEqual({ value: 'Budi' });
    backup.close();
  });
});
