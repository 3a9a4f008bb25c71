import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { AppContext } from '../../electron/core/app/context.js';
import { closeAppContext, createAppContext } from '../../electron/core/app/create.js';

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A fresh folder removed after the test. */
export function tempDir(prefix = 'canting-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A new, migrated catalogue with its core services; closed after the test. */
export async function tempContext(): Promise<AppContext> {
  const dir = tempDir();
  const ctx = await createAppContext(path.join(dir, 'catalogue.sqlite'));
  cleanups.push(() => closeAppContext(ctx));
  return ctx;
}

export function onCleanup(fn: () => Promise<void> | void): void {
  cleanups.push(fn);
}
