import { readJson, writeJson } from './json-file.js';

interface Pin {
  fingerprint: string;
  subject: string;
  trustedAt: string;
}

/**
 * Certificates the user trusted on first use (`trusted-servers.json` in user
 * data), one per host:port. A server keeps its pin until the user removes it:
 * a different certificate later is refused, never silently re-pinned.
 */
export class TrustedServers {
  constructor(private readonly file: string) {}

  fingerprintOf(key: string): string | null {
    return this.all()[key]?.fingerprint ?? null;
  }

  trust(key: string, fingerprint: string, subject: string, now = new Date()): void {
    const all = this.all();
    all[key] = { fingerprint, subject, trustedAt: now.toISOString() };
    writeJson(this.file, all);
  }

  forget(key: string): void {
    const all = this.all();
    delete all[key];
    writeJson(this.file, all);
  }

  private all(): Record<string, Pin> {
    return readJson<Record<string, Pin>>(this.file, {});
  }
}
