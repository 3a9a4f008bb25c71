import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startImport } from '../../../electron/core/importer/job.js';
import { describeFileError, reasonCode } from '../../../electron/core/importer/reasons.js';
import { cantingAs, lastJson } from '../../helpers/cli.js';
import { tempContext, tempDir } from '../../helpers/temp.js';
import { bombPng, writePhoto } from './fixtures/photos.js';

const isRoot = process.getuid?.() === 0;
const hasSetpriv = fs.existsSync('/usr/bin/setpriv');
const NOBODY = 65534;

function reasons(errors: { path: string; reason: string }[], dir: string): Record<string, string> {
  return Object.fromEntries(errors.map((e) => [path.relative(dir, e.path), e.reason]));
}

describe('import: bad input gets a clear reason per file and the import goes on', () => {
  it('records zero-byte, truncated, non-image, bomb, oversized and vanished files, and imports the rest', async () => {
    const ctx = await tempContext();
    const dir = tempDir();
    await writePhoto(path.join(dir, 'good.jpg'), 1, 48);
    fs.writeFileSync(path.join(dir, 'zero.jpg'), '');
    const whole = fs.readFileSync(await writePhoto(path.join(dir, 'tmp.jpg'), 2, 64));
    fs.rmSync(path.join(dir, 'tmp.jpg'));
    fs.writeFileSync(path.join(dir, 'truncated.jpg'), whole.subarray(0, Math.floor(whole.length / 2)));
    fs.writeFileSync(path.join(dir, 'notes.jpg'), 'this is a text file, not a photo\n');
    fs.writeFileSync(path.join(dir, 'readme.txt'), 'inventory list');
    fs.writeFileSync(path.join(dir, 'bomb.png'), bombPng(60000, 60000));
    await writePhoto(path.join(dir, 'big.png'), 3, 120, 'png'); // over the test's pixel limit below
    await writePhoto(path.join(dir, 'vanishes.jpg'), 4, 32);
    const nonLatin = path.join(dir, 'ꦧꦛꦶꦏ꧀', '蜡染 — batik é.jpg');
    await writePhoto(nonLatin, 5, 40);
    // a path of about 1,000 characters (folders of 200)
    const deep = path.join(dir, ...Array.from({ length: 5 }, (_, i) => `${i}`.repeat(200)), 'deep.jpg');
    await writePhoto(deep, 6, 40);

    const job = startImport(ctx, [dir], { workers: 1, maxPixels: 10_000, afterScan: () => fs.rmSync(path.join(dir, 'vanishes.jpg')) });
    const s = await job.done;
    const r = reasons(s.errors, dir);
    expect(r).toEqual({
      'zero.jpg': 'the file is empty (0 bytes)',
      'truncated.jpg': expect.stringMatching(/^the image is truncated/),
      'notes.jpg': expect.stringMatching(/^not an image/),
      'readme.txt': expect.stringMatching(/^not an image/),
      'bomb.png': expect.stringMatching(/^too many pixels: 60000 × 60000 = 3600 megapixels/),
      'big.png': expect.stringMatching(/^too many pixels: 120 × 120/),
      'vanishes.jpg': expect.stringMatching(/moved or deleted during the import/),
    });
    expect(Object.fromEntries(s.errors.map((e) => [path.basename(e.path), e.code]))).toEqual({
      'zero.jpg': 'empty',
      'truncated.jpg': 'truncated',
      'notes.jpg': 'not_image',
      'readme.txt': 'not_image',
      'bomb.png': 'too_many_pixels',
      'big.png': 'too_many_pixels',
      'vanishes.jpg': 'gone',
    });
    // what the interface words in the user's language beside the kind
    expect(s.errors.find((e) => e.path.endsWith('bomb.png'))?.params).toEqual({ width: '60000', height: '60000', megapixels: '3600', limit: '0.01' });
    expect(s).toMatchObject({ found: 10, imported: 3, duplicates: 0, failed: 7 });
    const rels = (ctx.db.prepare('SELECT rel_path FROM images ORDER BY rel_path').all() as { rel_path: string }[]).map((x) => x.rel_path);
    expect(rels).toContain('ꦧꦛꦶꦏ꧀/蜡染 — batik é.jpg');
    expect(rels).toContain(path.relative(dir, deep));
    expect(rels).toContain('good.jpg');
    // every failure is kept with its reason in import_files
    const failed = ctx.db.prepare("SELECT COUNT(*) AS n FROM import_files WHERE state = 'failed' AND error IS NOT NULL").get() as { n: number };
    expect(failed.n).toBe(7);
  });

  it('a folder that does not exist or has no files says so', async () => {
    const ctx = await tempContext();
    const dir = tempDir();
    expect(() => startImport(ctx, [path.join(dir, 'nope')])).toThrow(/does not exist/);
    const empty = path.join(dir, 'empty');
    fs.mkdirSync(path.join(empty, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(empty, '.DS_Store'), 'x');
    fs.writeFileSync(path.join(empty, 'Thumbs.db'), 'x');
    const job = startImport(ctx, [empty], { workers: 1 });
    await expect(job.done).rejects.toThrow(/contains no files/);
    expect(ctx.jobs.get(job.jobId).state).toBe('failed');
  });

  it('skips hidden and system files, pipes, and follows no symlink loop', async () => {
    const ctx = await tempContext();
    const dir = tempDir();
    await writePhoto(path.join(dir, 'a', 'one.jpg'), 10, 32);
    await writePhoto(path.join(dir, '.hidden', 'two.jpg'), 11, 32);
    await writePhoto(path.join(dir, '._one.jpg'), 12, 32);
    await writePhoto(path.join(dir, '@eaDir', 'three.jpg'), 13, 32);
    fs.writeFileSync(path.join(dir, 'desktop.ini'), '[.ShellClassInfo]');
    fs.symlinkSync(dir, path.join(dir, 'a', 'loop')); // a → loop → dir → a → …
    fs.symlinkSync(path.join(dir, 'a', 'one.jpg'), path.join(dir, 'link.jpg'));
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [path.join(dir, 'pipe.jpg')]);
    const s = await startImport(ctx, [dir], { workers: 1 }).done;
    // one.jpg, and the link to it (same content: a duplicate); nothing hidden, no pipe, no loop
    expect(s).toMatchObject({ found: 2, imported: 1, duplicates: 1, failed: 0 });
  });

  it.skipIf(isRoot)('an unreadable file is reported as permission denied', async () => {
    const ctx = await tempContext();
    const dir = tempDir();
    const file = await writePhoto(path.join(dir, 'locked.jpg'), 20, 32);
    fs.chmodSync(file, 0o000);
    const s = await startImport(ctx, [dir], { workers: 1 }).done;
    expect(s.errors).toEqual([{ path: file, reason: expect.stringMatching(/permission denied/), code: 'permission' }]);
  });

  // Root reads any file, so as root the same import runs in a child process that has
  // dropped to the unprivileged `nobody` account (setpriv), where the lock holds.
  it.runIf(isRoot && hasSetpriv)('an unreadable file is reported as permission denied (import run as nobody)', async () => {
    const dir = tempDir();
    fs.chmodSync(dir, 0o777);
    const photos = path.join(dir, 'photos');
    await writePhoto(path.join(photos, 'open.jpg'), 21, 32);
    const locked = await writePhoto(path.join(photos, 'locked.jpg'), 20, 32);
    fs.chmodSync(photos, 0o755);
    fs.chmodSync(locked, 0o000);
    const r = await cantingAs(NOBODY, 'import', photos, '--db', path.join(dir, 'c.sqlite'), '--json');
    const summary = lastJson(r.stdout);
    expect(summary).toMatchObject({ found: 2, imported: 1, failed: 1 });
    expect(summary.errors).toEqual([expect.objectContaining({ path: locked, reason: expect.stringMatching(/^permission denied/) })]);
  });

  // The reason a user sees for a permission error, checked directly as well.
  it('permission errors read as a human reason', () => {
    expect(describeFileError(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }))).toMatch(/^permission denied/);
    expect(describeFileError(Object.assign(new Error('x'), { code: 'EPERM' }))).toMatch(/^permission denied/);
    expect(reasonCode(describeFileError(Object.assign(new Error('x'), { code: 'EACCES' })))).toBe('permission');
    expect(reasonCode('something nobody foresaw')).toBe('other');
  });
});
