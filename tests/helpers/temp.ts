import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach } from 'vitest';
import type { AppContext } from '../../electron/core/app/context.js';
import { closeAppContext, createAppContext } from '../../electron/core/app/create.js';

type Cleanup = () => Promise<void> | void;
const cleanups: Cleanup[] = [];
/** Where cleanups go while a shared setup is being made (sharedSetup); else after the current test. */
let sharedCleanups: Cleanup[] | null = null;

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A fresh folder removed after the test. */
export function tempDir(prefix = 'canting-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
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
  onCleanup(() => closeAppContext(ctx));
  return ctx;
}

export function onCleanup(fn: () => Promise<void> | void): void {
  (sharedCleanups ?? cleanups).push(fn);
}

/** The same catalogue opened again (as the next start of the app would), closed after the test; `ctx` is closed first. */
export async function reopenContext(ctx: AppContext, opts: { modelsDir?: string } = {}): Promise<AppContext> {
  await closeAppContext(ctx);
  const next = await createAppContext(ctx.cataloguePath, opts);
  onCleanup(() => closeAppContext(next));
  return next;
}

/**
 * A setup the tests of one file share (e.g. processes that take seconds to
 * start), made by the first test that asks for it. What it registers for
 * cleanup (tempDir, onCleanup, …), then and through `keep` later, runs after
 * the file's last test instead of after the first. Call it in a describe body.
 */
export function sharedSetup<T>(make: (keep: (fn: Cleanup) => void) => Promise<T>): () => Promise<T> {
  const mine: Cleanup[] = [];
  let made: Promise<T> | null = null;
  afterAll(async () => {
    while (mine.length) await mine.pop()!();
  });
  return () =>
    (made ??= (async () => {
      sharedCleanups = mine;
      try {
        return await make((fn) => mine.push(fn));
      } finally {
        sharedCleanups = null;
      }
    })());
}
