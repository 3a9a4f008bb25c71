import crypto from 'node:crypto';
import fs from 'node:fs';

/** SHA-256 of file bytes already in memory (the import worker reads each file once). */
export function sha256(bytes: Uint8Array): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

/** SHA-256 of a file on disk, streamed so large scans never sit in memory (relink). */
export async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
