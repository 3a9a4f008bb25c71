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

/**
 * A new, migrated catalogue with its core services; closed after the test.
 * The shipped models are registered (motif's is active) unless `modelsDir`
 * names another folder, e.g. an empty one for a catalogue without them.
 */
export async function tempContext(opts: { modelsDir?: string } = {}): Promise<AppContext> {
  const dir = tempDir();
  const ctx = await createAppContext(path.join(dir, 'catalogue.sqlite'), opts);
  cleanups.push(() => closeAppContext(ctx));
  return ctx;
}

export function onCleanup(fn: () => Promise<void> | void): void {
  cleanups.push(fn);
}

/** The same catalogue opened again (as the next start of the app would), closed after the test; `ctx` is closed first. */
export async function reopenContext(ctx: AppContext, opts: { modelsDir?: string } = {}): Promise<AppContext> {
  await closeAppContext(ctx);
  const next = await createAppContext(ctx.cataloguePath, opts);
  cleanups.push(() => closeAppContext(next));
  return next;
}
