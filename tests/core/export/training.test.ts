import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { AppContext } from '../../../electron/core/app/context.js';
import { startTrainingExport } from '../../../electron/core/export/jobs.js';
import { realFileOps, type FileOps } from '../../../electron/core/export/training.js';
import { tempContext, tempDir } from '../../helpers/temp.js';
import { addModel, images, predict, review } from './fixture.js';

type ManifestRow = Record<string, string>;

const LABELS = ['kawung', 'megamendung', 'parang', 'truntum'];

/**
 * 24 reviewed motif images: 12 kawung (9 validated, 3 corrected from parang),
 * 8 parang, 4 truntum; plus 2 rejected and 3 only predicted, which must never
 * be exported. Images 1–3 are one near-duplicate group, 13–14 another.
 */
async function reviewedCatalogue() {
  const ctx = await tempContext();
  const root = tempDir('canting-photos-');
  const plan: { label: string; status: 'validated' | 'corrected' | 'rejected' | 'predicted' }[] = [
    ...Array.from({ length: 9 }, () => ({ label: 'kawung', status: 'validated' as const })),
    ...Array.from({ length: 3 }, () => ({ label: 'kawung', status: 'corrected' as const })),
    ...Array.from({ length: 8 }, () => ({ label: 'parang', status: 'validated' as const })),
    ...Array.from({ length: 4 }, () => ({ label: 'truntum', status: 'validated' as const })),
    ...Array.from({ length: 2 }, () => ({ label: 'parang', status: 'rejected' as const })),
    ...Array.from({ length: 3 }, () => ({ label: 'truntum', status: 'predicted' as const })),
  ];
  // Two files share a name in different folders: their export names must still differ.
  const rel = plan.map((p, i) => (i === 1 ? 'b/foto.jpg' : i === 0 ? 'a/foto.jpg' : `${p.label}/img ${String(i).padStart(2, '0')}.jpg`));
  const ids = await images(ctx.db, root, rel, 100);
  const model = addModel(ctx.db, 'motif', 'motif-v1', LABELS);
  plan.forEach((p, i) => {
    const predicted = p.status === 'corrected' ? 'parang' : p.label;
    const pid = predict(ctx.db, ids[i], 'motif', model, predicted, 0.8);
    if (p.status === 'predicted') return;
    review(ctx.db, ids[i], 'motif', {
      status: p.status,
      label: p.status === 'rejected' ? null : p.label,
      validator: 'Sari',
      predictionId: pid,
      fromLabel: predicted,
    });
  });
  ctx.db.prepare('UPDATE images SET dup_group = ? WHERE id IN (?, ?, ?)').run(ids[0], ids[0], ids[1], ids[2]);
  ctx.db.prepare('UPDATE images SET dup_group = ? WHERE id IN (?, ?)').run(ids[12], ids[12], ids[13]);
  return { ctx, root, ids, plan };
}

function readManifest(dir: string): ManifestRow[] {
  return parse(fs.readFileSync(path.join(dir, 'manifest.csv'), 'utf8'), { columns: true }) as ManifestRow[];
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, prefix: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name), `${prefix}${e.name}/`);
      else out.push(`${prefix}${e.name}`);
    }
  };
  walk(dir, '');
  return out.sort();
}

async function exportTo(ctx: AppContext, out: string, extra: Record<string, unknown> = {}, ops?: FileOps) {
  return startTrainingExport(ctx, { facet: 'motif', out, ...extra }, ops).done;
}

describe('training-data export', () => {
  it('writes train/<label> and val/<label>, a manifest matching the files, and a README with counts', async () => {
    const { ctx, root, ids } = await reviewedCatalogue();
    const out = path.join(tempDir(), 'dataset');
    const r = await exportTo(ctx, out, { seed: 7 });

    expect(r.train + r.val).toBe(24);
    expect(r.perLabel).toEqual({
      kawung: { train: expect.any(Number), val: expect.any(Number) },
      parang: { train: expect.any(Number), val: expect.any(Number) },
      truntum: { train: expect.any(Number), val: expect.any(Number) },
    });
    for (const split of ['train', 'val']) expect(fs.readdirSync(path.join(out, split)).sort()).toEqual(['kawung', 'parang', 'truntum']);

    const manifest = readManifest(out);
    const files = listFiles(out).filter((f) => f !== 'manifest.csv' && f !== 'README.md');
    expect(manifest.map((m) => m.file).sort()).toEqual(files);
    expect(Object.keys(manifest[0])).toEqual([
      'file', 'label', 'split', 'sha256', 'source', 'status', 'validator', 'validated_at', 'original_prediction', 'model_version', 'image_id', 'dup_group',
    ]);
    for (const m of manifest) {
      expect(m.file).toBe(`${m.split}/${m.label}/${path.basename(m.file)}`);
      expect(path.basename(m.file).startsWith(`${m.sha256.slice(0, 12)}_`)).toBe(true);
      const bytes = fs.readFileSync(path.join(out, m.file));
      expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(m.sha256);
      expect(m.source.startsWith(root)).toBe(true);
      expect(fs.readFileSync(m.source).equals(bytes)).toBe(true);
      expect(['validated', 'corrected']).toContain(m.status);
      expect(m.validator).toBe('Sari');
      expect(m.model_version).toBe('motif-v1');
    }
    const corrected = manifest.filter((m) => m.status === 'corrected');
    expect(corrected).toHaveLength(3);
    for (const m of corrected) expect([m.label, m.original_prediction]).toEqual(['kawung', 'parang']);
    // Rejected and merely predicted images are absent.
    const exportedIds = new Set(manifest.map((m) => Number(m.image_id)));
    for (const id of ids.slice(24)) expect(exportedIds.has(id)).toBe(false);
    // Same file name, different images: different export names.
    const fotos = manifest.filter((m) => m.file.endsWith('_foto.jpg'));
    expect(fotos).toHaveLength(2);
    expect(new Set(fotos.map((m) => m.file)).size).toBe(2);

    const readme = fs.readFileSync(path.join(out, 'README.md'), 'utf8');
    for (const [label, c] of Object.entries(r.perLabel)) expect(readme).toContain(`| ${label} | ${label[0].toUpperCase()}${label.slice(1)} | ${c.train} | ${c.val} | ${c.train + c.val} |`);
    expect(readme).toContain(`| **all** | | ${r.train} | ${r.val} | 24 |`);
    expect(readme).toContain('seed 7');

    // Same disk: hard links, not copies.
    expect(r.linked).toBe(24);
    expect(fs.statSync(path.join(out, manifest[0].file)).nlink).toBeGreaterThan(1);
  });

  it('stratifies by label and keeps near-duplicate groups on one side', async () => {
    const { ctx, ids } = await reviewedCatalogue();
    for (const seed of [1, 2, 3, 4, 5]) {
      const out = path.join(tempDir(), 'ds');
      const r = await exportTo(ctx, out, { seed, valFraction: 0.25, copy: true });
      // round(12 × 0.25) = 3, round(8 × 0.25) = 2, round(4 × 0.25) = 1 (groups may shift kawung by at most a group's size).
      expect(r.perLabel.parang.val).toBe(2);
      expect(r.perLabel.truntum.val).toBe(1);
      expect(Math.abs(r.perLabel.kawung.val - 3)).toBeLessThanOrEqual(1);
      const split = new Map(readManifest(out).map((m) => [Number(m.image_id), m.split]));
      expect(new Set([split.get(ids[0]), split.get(ids[1]), split.get(ids[2])]).size).toBe(1);
      expect(split.get(ids[12])).toBe(split.get(ids[13]));
      expect(r.copied).toBe(24);
      expect(r.linked).toBe(0);
    }
  });

  it('gives the same split and names for the same seed, and a different split for another seed', async () => {
    const { ctx } = await reviewedCatalogue();
    const run = async (seed: number) => {
      const out = path.join(tempDir(), 'ds');
      await exportTo(ctx, out, { seed });
      return readManifest(out).map((m) => `${m.file} ${m.split}`).sort().join('\n');
    };
    const a = await run(11);
    expect(await run(11)).toBe(a);
    const others = await Promise.all([12, 13, 14].map(run));
    expect(others.some((o) => o !== a)).toBe(true);
  });

  it('exports only the statuses asked for and refuses rejected or unreviewed ones', async () => {
    const { ctx } = await reviewedCatalogue();
    const out = path.join(tempDir(), 'ds');
    const r = await exportTo(ctx, out, { include: ['corrected'], valFraction: 0 });
    expect(r.train).toBe(3);
    expect(r.val).toBe(0);
    expect(readManifest(out).every((m) => m.status === 'corrected' && m.split === 'train')).toBe(true);
    // Every label has a folder in both splits, even an empty one.
    expect(fs.readdirSync(path.join(out, 'val'))).toEqual(['kawung']);

    const bad = path.join(tempDir(), 'ds');
    expect(() => startTrainingExport(ctx, { facet: 'motif', out: bad, include: ['rejected'] })).toThrow(/Rejected images are never exported/);
    expect(() => startTrainingExport(ctx, { facet: 'motif', out: bad, include: ['predicted'] })).toThrow(/Only labels a validator reviewed/);
    expect(() => startTrainingExport(ctx, { facet: 'motif', out: bad, include: ['approved'] })).toThrow(/Unknown status "approved"/);
    expect(() => startTrainingExport(ctx, { facet: 'warna', out: bad })).toThrow(/Unknown facet "warna"/);
    expect(() => startTrainingExport(ctx, { facet: 'tema', out: bad })).toThrow(/Nothing to export: no image of facet "tema"/);
    expect(() => startTrainingExport(ctx, { facet: 'motif', out: bad, valFraction: 1 })).toThrow(/--val must be at least 0 and below 1/);
    expect(() => startTrainingExport(ctx, { facet: 'motif', out: bad, seed: -1 })).toThrow(/--seed must be a whole number/);
    expect(fs.existsSync(bad)).toBe(false);
  });

  it('refuses a non-empty target unless forced, and never replaces a folder holding originals', async () => {
    const { ctx, root } = await reviewedCatalogue();
    const parent = tempDir();
    const out = path.join(parent, 'ds');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'keep.txt'), 'mine');
    expect(() => startTrainingExport(ctx, { facet: 'motif', out })).toThrow(/is not empty; use --force/);
    // the export screen says it in the user's language, naming its checkbox rather than --force
    expect(() => startTrainingExport(ctx, { facet: 'motif', out })).toThrow(expect.objectContaining({ messageKey: 'exportFolderNotEmpty', params: { path: out } }));
    expect(fs.readdirSync(out)).toEqual(['keep.txt']);
    await exportTo(ctx, out, { force: true });
    expect(fs.existsSync(path.join(out, 'keep.txt'))).toBe(false);
    expect(fs.existsSync(path.join(out, 'manifest.csv'))).toBe(true);
    expect(fs.readdirSync(parent)).toEqual(['ds']);

    // An empty existing folder is fine without --force.
    const empty = path.join(parent, 'empty');
    fs.mkdirSync(empty);
    await exportTo(ctx, empty);
    expect(fs.existsSync(path.join(empty, 'README.md'))).toBe(true);

    expect(() => startTrainingExport(ctx, { facet: 'motif', out: path.join(root, 'export') })).toThrow(/inside .* imported into this catalogue/);
    expect(() => startTrainingExport(ctx, { facet: 'motif', out: path.dirname(root), force: true })).toThrow(/contains .*an imported image folder; it cannot be replaced/);
    expect(fs.existsSync(path.join(root, 'kawung'))).toBe(true);
  });

  it('leaves no target and no temporary folder when a copy fails part-way (disk full)', async () => {
    const { ctx } = await reviewedCatalogue();
    const parent = tempDir();
    const out = path.join(parent, 'ds');
    let writes = 0;
    const failing: FileOps = {
      ...realFileOps,
      write: async (dst, data) => {
        if (++writes > 5) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        await realFileOps.write(dst, data);
      },
    };
    await expect(exportTo(ctx, out, { copy: true }, failing)).rejects.toThrow(/Not enough free space in .*nothing was written/);
    expect(writes).toBe(6);
    expect(fs.readdirSync(parent)).toEqual([]);

    // A read-only disk, reported as such, with an earlier export left untouched.
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'old.txt'), 'previous');
    const readOnly: FileOps = { ...realFileOps, link: async () => Promise.reject(Object.assign(new Error('EROFS'), { code: 'EROFS' })) };
    await expect(exportTo(ctx, out, { force: true }, readOnly)).rejects.toThrow(/read-only disk/);
    expect(fs.readdirSync(parent)).toEqual(['ds']);
    expect(fs.readdirSync(out)).toEqual(['old.txt']);
  });

  it('leaves nothing when cancelled, and the job says cancelled', async () => {
    const { ctx } = await reviewedCatalogue();
    const parent = tempDir();
    const out = path.join(parent, 'ds');
    let reads = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow: FileOps = {
      ...realFileOps,
      read: async (src) => {
        if (++reads === 4) await gate;
        return realFileOps.read(src);
      },
    };
    const job = startTrainingExport(ctx, { facet: 'motif', out }, slow);
    while (reads < 4) await new Promise((r) => setTimeout(r, 5));
    ctx.jobs.cancel(job.id);
    release();
    await expect(job.done).rejects.toThrow(/Cancelled/);
    expect(ctx.jobs.get(job.id).state).toBe('cancelled');
    expect(fs.readdirSync(parent)).toEqual([]);
  });

  it('removes what a killed export left behind, and never replaces a folder that appeared while it ran', async () => {
    const { ctx } = await reviewedCatalogue();
    const parent = tempDir();
    const out = path.join(parent, 'ds');
    // A crashed export of process 2147483646 (not running) left its hidden temporary.
    const stale = path.join(parent, '.ds.partial-2147483646-deadbeef');
    fs.mkdirSync(path.join(stale, 'train', 'kawung'), { recursive: true });
    let reads = 0;
    const racing: FileOps = {
      ...realFileOps,
      read: async (src) => {
        // Someone else writes into the target while the export runs.
        if (++reads === 2) fs.mkdirSync(path.join(out, 'mine'), { recursive: true });
        return realFileOps.read(src);
      },
    };
    await expect(exportTo(ctx, out, {}, racing)).rejects.toThrow(/appeared while the export ran/);
    expect(fs.readdirSync(parent)).toEqual(['ds']);
    expect(fs.readdirSync(out)).toEqual(['mine']);
  });

  it('skips files that are gone or changed since import, and says so in the README', async () => {
    const { ctx, root } = await reviewedCatalogue();
    fs.rmSync(path.join(root, 'kawung', 'img 05.jpg'));
    fs.appendFileSync(path.join(root, 'kawung', 'img 06.jpg'), Buffer.from('changed'));
    const out = path.join(tempDir(), 'ds');
    const job = startTrainingExport(ctx, { facet: 'motif', out });
    expect(job.skipped).toBe(1);
    const r = await job.done;
    expect(r.train + r.val).toBe(22);
    expect(r.skipped.map((s) => [path.basename(s.source), s.reason]).sort()).toEqual([
      ['img 05.jpg', 'missing'],
      ['img 06.jpg', 'changed'],
    ]);
    const readme = fs.readFileSync(path.join(out, 'README.md'), 'utf8');
    expect(readme).toContain('## Skipped (2)');
    expect(readme).toMatch(/changed: .*img 06\.jpg/);
  });
});
