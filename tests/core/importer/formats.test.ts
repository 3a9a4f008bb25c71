import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { startImport } from '../../../electron/core/importer/job.js';
import { tempContext, tempDir } from '../../helpers/temp.js';
import { photo, photoPixels, writePhoto } from './fixtures/photos.js';

describe('import: formats, thumbnails and metadata', () => {
  it('imports JPEG, PNG, WebP, TIFF (first page), GIF (first frame) and AVIF with a WebP thumbnail of at most 256 px', async () => {
    const ctx = await tempContext();
    const dir = tempDir();
    await writePhoto(path.join(dir, 'a.jpg'), 1, 300);
    await writePhoto(path.join(dir, 'b.png'), 2, 40, 'png');
    await writePhoto(path.join(dir, 'c.webp'), 3, 40, 'webp');
    await writePhoto(path.join(dir, 'e.avif'), 5, 40, 'avif');
    // two pages / two frames of different sizes: the first one is what gets imported
    const page = (seed: number, w: number, h: number) => sharp(photoPixels(seed, w, h), { raw: { width: w, height: h, channels: 3 } });
    const frames = [await page(6, 40, 30).raw().toBuffer(), await page(7, 40, 30).raw().toBuffer()];
    await sharp(Buffer.concat(frames), { raw: { width: 40, height: 60, channels: 3, pageHeight: 30 } } as sharp.SharpOptions)
      .gif({ loop: 0 })
      .toFile(path.join(dir, 'f.gif'));
    await sharp(Buffer.concat(frames), { raw: { width: 40, height: 60, channels: 3, pageHeight: 30 } } as sharp.SharpOptions)
      .tiff()
      .toFile(path.join(dir, 'd.tiff'));

    const s = await startImport(ctx, [dir], { workers: 2 }).done;
    expect(s).toMatchObject({ found: 6, imported: 6, failed: 0 });
    const rows = ctx.db
      .prepare('SELECT i.file_name, i.format, i.width, i.height, t.mime, t.width AS tw, t.height AS th, length(t.data) AS bytes, i.phash FROM images i JOIN thumbnails t ON t.image_id = i.id ORDER BY i.file_name')
      .all() as { file_name: string; format: string; width: number; height: number; mime: string; tw: number; th: number; bytes: number; phash: string }[];
    expect(rows.map((r) => [r.file_name, r.format, r.width, r.height])).toEqual([
      ['a.jpg', 'jpeg', 300, 300],
      ['b.png', 'png', 40, 40],
      ['c.webp', 'webp', 40, 40],
      ['d.tiff', 'tiff', 40, 30],
      ['e.avif', 'avif', 40, 40],
      ['f.gif', 'gif', 40, 30],
    ]);
    for (const r of rows) {
      expect(r.mime).toBe('image/webp');
      expect(r.phash).toMatch(/^[0-9a-f]{16}$/);
      expect(r.bytes).toBeGreaterThan(0);
    }
    expect(rows[0]).toMatchObject({ tw: 256, th: 256 });
    const thumb = ctx.db.prepare("SELECT data FROM thumbnails t JOIN images i ON i.id = t.image_id WHERE i.file_name = 'a.jpg'").get() as { data: Buffer };
    expect((await sharp(thumb.data).metadata()).format).toBe('webp');
  });

  it('reads EXIF/XMP capture metadata and never modifies the original file', async () => {
    const ctx = await tempContext();
    const dir = tempDir();
    const file = path.join(dir, 'kain.jpg');
    const xmp = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:subject><rdf:Bag><rdf:li>batik</rdf:li><rdf:li>Pekalongan</rdf:li></rdf:Bag></dc:subject></rdf:Description>
</rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
    await photo(1, 64)
      .withExif({
        IFD0: { Make: 'Canon', Model: 'Canon EOS 5D', ImageDescription: 'Kain panjang, motif parang', Copyright: 'Museum Batik Indonesia' },
        IFD2: { DateTimeOriginal: '2019:08:17 09:30:00' },
        IFD3: { GPSLatitudeRef: 'S', GPSLatitude: '6/1 52/1 30/1', GPSLongitudeRef: 'E', GPSLongitude: '109/1 40/1 0/1' },
      })
      .withXmp(xmp)
      .jpeg()
      .toFile(file);
    const before = fs.readFileSync(file);
    const mtime = fs.statSync(file).mtimeMs;
    await startImport(ctx, [file], { workers: 1 }).done;
    const row = ctx.db.prepare('SELECT captured_at, camera, gps_lat, gps_lon, description, keywords, copyright, rel_path FROM images').get() as Record<string, unknown>;
    expect(row).toMatchObject({
      captured_at: '2019-08-17T09:30:00',
      camera: 'Canon EOS 5D',
      description: 'Kain panjang, motif parang',
      copyright: 'Museum Batik Indonesia',
      rel_path: 'kain.jpg',
    });
    expect(JSON.parse(row.keywords as string)).toEqual(['batik', 'Pekalongan']);
    expect(row.gps_lat as number).toBeCloseTo(-6.875, 3);
    expect(row.gps_lon as number).toBeCloseTo(109.6667, 3);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.statSync(file).mtimeMs).toBe(mtime);
  });
});
