import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapServerPath, parseMappings } from '../../../electron/core/queue/path-map.js';
import { tempDir } from '../../helpers/temp.js';

describe('--map /server/path=/local/path', () => {
  it('reads a file the server names from this machine’s copy of the shared folder, the longest mapping first', async () => {
    const share = tempDir();
    const inner = tempDir();
    fs.mkdirSync(path.join(share, 'batik', '2024'), { recursive: true });
    fs.writeFileSync(path.join(share, 'batik', '2024', 'a.jpg'), 'x');
    fs.writeFileSync(path.join(inner, 'b.jpg'), 'y');
    const maps = parseMappings([`/srv/arsip=${share}`, `/srv/arsip/khusus=${inner}`, `D:\\Arsip=${share}`]);
    expect(await mapServerPath(maps, '/srv/arsip/batik/2024/a.jpg')).toBe(fs.realpathSync(path.join(share, 'batik', '2024', 'a.jpg')));
    expect(await mapServerPath(maps, '/srv/arsip/khusus/b.jpg')).toBe(fs.realpathSync(path.join(inner, 'b.jpg')));
    // A server on Windows names its files with backslashes.
    expect(await mapServerPath(maps, 'D:\\Arsip\\batik\\2024\\a.jpg')).toBe(fs.realpathSync(path.join(share, 'batik', '2024', 'a.jpg')));
    // Not under any mapping (nor a folder whose name merely starts the same): fetched over the API instead.
    expect(await mapServerPath(maps, '/srv/arsip-lain/a.jpg')).toBeNull();
    expect(await mapServerPath(maps, '/home/x.jpg')).toBeNull();
  });

  it('never leaves the mapped folder, by .. or by a symbolic link', async () => {
    const share = tempDir();
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, 'secret.txt'), 's');
    fs.symlinkSync(outside, path.join(share, 'link'));
    const maps = parseMappings([`/srv/arsip=${share}`]);
    await expect(mapServerPath(maps, '/srv/arsip/../../etc/passwd')).rejects.toThrow('climbs out of the mapped folder /srv/arsip');
    await expect(mapServerPath(maps, '/srv/arsip/link/secret.txt')).rejects.toThrow(/leads out of the mapped folder/);
    await expect(mapServerPath(maps, '/srv/arsip/missing.jpg')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a mapping it cannot use, saying what it takes', () => {
    for (const bad of ['/srv/arsip', 'relative=/x', '/srv=relative', '=/x']) {
      expect(() => parseMappings([bad])).toThrow(`--map takes /server/folder=/local/folder, both absolute, not "${bad}"`);
    }
    expect(parseMappings(['/=/mnt/server'])).toEqual([{ server: '/', local: '/mnt/server' }]);
  });
});
