import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/core/api/dispatch.js';
import { startCatalogueExport } from '../../../electron/core/export/jobs.js';
import { tempContext, tempDir } from '../../helpers/temp.js';
import { images } from './fixture.js';

describe('catalogue JSON export: the archive’s own fields', () => {
  it('carries the identifier, title, date (as given and ISO) and place a spreadsheet attached', async () => {
    const ctx = await tempContext();
    const ids = await images(ctx.db, tempDir('canting-photos-'), ['kawung/001.jpg', 'lain/002.jpg']);
    const csv = path.join(tempDir(), 'katalog.csv');
    fs.writeFileSync(csv, 'file,identifier,title,date,place\n001.jpg,BTK-1,Kawung Pekalongan,25/03/1998,Pekalongan\n');
    const r = await dispatch('metadata.import', { csv, match: 'file-name' }, ctx);
    expect(r.ok).toBe(true);
    const out = path.join(tempDir(), 'katalog.json');
    await startCatalogueExport(ctx, 'json', { out }).done;
    const doc = JSON.parse(fs.readFileSync(out, 'utf8')) as { images: { id: number; archive: Record<string, string> }[] };
    const byId = new Map(doc.images.map((i) => [i.id, i.archive]));
    expect(byId.get(ids[0])).toEqual({ identifier: 'BTK-1', title: 'Kawung Pekalongan', date: '25/03/1998', dateIso: '1998-03-25', place: 'Pekalongan' });
    expect(byId.get(ids[1])).toEqual({});
  });
});
