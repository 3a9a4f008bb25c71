import type { RecentServer } from '../../common/remote.js';
import { readJson, writeJson } from './json-file.js';

const KEEP = 8;

/** The servers signed in to, newest first: address and username only, never a password or token. */
export class RecentServers {
  constructor(private readonly file: string) {}

  list(): RecentServer[] {
    const list = readJson<unknown>(this.file, []);
    return Array.isArray(list) ? list.filter((x): x is RecentServer => typeof x?.url === 'string' && typeof x?.username === 'string') : [];
  }

  remember(server: RecentServer): void {
    const rest = this.list().filter((x) => !(x.url === server.url && x.username === server.username));
    writeJson(this.file, [{ url: server.url, username: server.username }, ...rest].slice(0, KEEP));
  }
}
