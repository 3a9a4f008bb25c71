import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { rng } from '../../helpers/images.js';

/**
 * A photo-like test image: smooth low-frequency shapes (what a perceptual
 * hash sees in a real photo) under a fine batik-like stripe texture. Different
 * seeds give clearly different images.
 */
export function photoPixels(seed: number, width: number, height = width): Buffer {
  const r = rng(seed);
  const waves = Array.from({ length: 4 }, () => ({ fx: (r() * 3 + 0.5) / width, fy: (r() * 3 + 0.5) / height, phase: r() * 6.28, amp: 40 + r() * 40 }));
  const tint = [r(), r(), r()];
  const buf = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = 128;
      for (const w of waves) v += w.amp * Math.sin(6.28 * (w.fx * x + w.fy * y) + w.phase);
      v += (x + y) % 8 < 4 ? 10 : -10;
      const i = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) buf[i + c] = Math.max(0, Math.min(255, v * (0.6 + 0.4 * tint[c])));
    }
  }
  return buf;
}

export function photo(seed: number, size = 64): sharp.Sharp {
  return sharp(photoPixels(seed, size), { raw: { width: size, height: size, channels: 3 } });
}

export async function writePhoto(file: string, seed: number, size = 64, format: 'jpeg' | 'png' | 'webp' | 'tiff' | 'gif' | 'avif' = 'jpeg'): Promise<string> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await photo(seed, size).toFormat(format).toFile(file);
  return file;
}

/**
 * A PNG whose header claims width × height pixels but holds almost no data:
 * the shape of a decompression bomb, without spending memory to make one.
 */
export function bombPng(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
