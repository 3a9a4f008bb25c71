import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../core/app/context.js';
import { closeAppContext, createAppContext } from '../core/app/create.js';
import { defaultCataloguePath } from '../core/app/user-data.js';
import { ApiError } from '../common/errors.js';

/** Resolve --db (or the default catalogue), creating its folder for the default only. */
export function resolveDbPath(db: string | undefined): string {
  if (db) return path.resolve(db);
  const def = defaultCataloguePath();
  fs.mkdirSync(path.dirname(def), { recursive: true });
  return def;
}

/**
 * Open --db (or the default catalogue) with its core services. A missing or
 * damaged shipped model is said once on stderr, before the command's own
 * output, so a later "no model" is not a riddle.
 */
export async function openContext(db: string | undefined): Promise<AppContext> {
  const ctx = await createAppContext(resolveDbPath(db));
  const problem = ctx.bundledModels.problem;
  if (problem) process.stderr.write(`canting: warning: ${problem.message}\n`);
  return ctx;
}

export async function withContext<T>(db: string | undefined, work: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = await openContext(db);
  try {
    return await work(ctx);
  } finally {
    await closeAppContext(ctx);
  }
}

/** Print a clear one-line error and set a failing exit code; no stack traces for users. */
export function reportCliError(err: unknown): void {
  const message = err instanceof ApiError ? err.message : err instanceof Error ? err.message : String(err);
  process.stderr.write(`canting: ${message}\n`);
  process.exitCode = err instanceof ApiError && err.code === 'invalid_input' ? 2 : 1;
}
