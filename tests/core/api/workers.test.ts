import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../../electron/common/contract/index.js';
import { dispatch } from '../../../electron/core/api/dispatch.js';
import type { Caller } from '../../../electron/core/api/caller.js';
import { WorkerRegistry } from '../../../electron/core/queue/worker-registry.js';
import { insertImages, writeJpeg } from '../../helpers/images.js';
import { tempContext, tempDir } from '../../helpers/temp.js';

const as = (role: Role, id = 7): Caller => ({ kind: 'user', user: { id, username: `${role}${id}`, displayName: role, role } });
const W1 = as('worker', 7);
const hello = { host: 'scanner-2', pid: 4242, pipelines: ['mobilenet@tfjs-4.22.0'], concurrency: 2, version: '1.0.0' };

describe('worker calls', () => {
  it('lists a worker that checked in with its totals and the jobs it refuses, then as lost when it falls silent and stopped after goodbye', async () => {
    const ctx = await tempContext();
    let now = Date.parse('2026-12-03T05:00:00Z');
    ctx.workerRegistry = new WorkerRegistry(() => now, 5000);
    const checkedIn = await dispatch('worker.hello', hello, ctx, W1);
    expect(checkedIn).toEqual({ ok: true, value: { name: 'scanner-2:4242', heartbeatMs: 5000 } });
    now += 4000;
    const refusing = ['2 job(s) in canting-embed-p1-x_tfjs-4.21.0: this worker runs x@tfjs-4.22.0, the jobs need x@tfjs-4.21.0'];
    expect(await dispatch('worker.heartbeat', { name: 'scanner-2:4242', jobsDone: 3, imagesDone: 96, imagesPerSecond: 12.5, refusing }, ctx, W1)).toEqual({ ok: true, value: { known: true } });
    const listed = await dispatch('workers.list', {}, ctx, as('archivist', 2));
    expect(listed).toMatchObject({
      ok: true,
      value: [{ name: 'scanner-2:4242', host: 'scanner-2', username: 'worker7', pipelines: hello.pipelines, jobsDone: 3, imagesDone: 96, imagesPerSecond: 12.5, refusing, state: 'working', busy: true, lastSeenAt: '2026-12-03T05:00:04.000Z' }],
    });
    now += 16_000;
    expect(await dispatch('workers.list', {}, ctx, as('admin', 1))).toMatchObject({ ok: true, value: [{ state: 'lost', imagesPerSecond: 0, jobsDone: 3 }] });
    expect(await dispatch('worker.bye', { name: 'scanner-2:4242' }, ctx, W1)).toEqual({ ok: true, value: { known: true } });
    expect(await dispatch('workers.list', {}, ctx, as('admin', 1))).toMatchObject({ ok: true, value: [{ state: 'stopped' }] });
    // After goodbye (or a server restart) a heartbeat is not known: the worker checks in again.
    expect(await dispatch('worker.heartbeat', { name: 'scanner-2:4242', jobsDone: 3, imagesDone: 96, imagesPerSecond: 1 }, ctx, W1)).toEqual({ ok: true, value: { known: false } });
  });

  it('tells a busy worker from an idle one by the jobs it runs now (by its rate where a worker does not report them)', async () => {
    const ctx = await tempContext();
    let now = Date.parse('2026-12-03T05:00:00Z');
    ctx.workerRegistry = new WorkerRegistry(() => now, 5000);
    await dispatch('worker.hello', hello, ctx, W1);
    const beat = (over: object) => dispatch('worker.heartbeat', { name: 'scanner-2:4242', jobsDone: 3, imagesDone: 96, imagesPerSecond: 0, ...over }, ctx, W1);
    const busy = async () => ((await dispatch('workers.list', {}, ctx, as('admin', 1))) as { value: { state: string; busy: boolean }[] }).value[0];
    // checked in, nothing reported yet: connected and idle
    expect(await busy()).toMatchObject({ state: 'working', busy: false });
    // a slow batch: no image finished over the last beat, but a job runs
    now += 1000;
    await beat({ running: 1 });
    expect(await busy()).toMatchObject({ state: 'working', busy: true });
    await beat({ running: 0, imagesPerSecond: 3 });
    expect(await busy()).toMatchObject({ state: 'working', busy: false });
    // an earlier release's worker reports no running count: its rate decides
    await beat({ imagesPerSecond: 3 });
    expect(await busy()).toMatchObject({ busy: true });
    await beat({});
    expect(await busy()).toMatchObject({ busy: false });
    // a lost worker is never busy
    await beat({ running: 2 });
    now += 16_000;
    expect(await busy()).toMatchObject({ state: 'lost', busy: false });
  });

  it('lets one worker account not report for another account’s worker, and lets only archivists and admins list them', async () => {
    const ctx = await tempContext();
    await dispatch('worker.hello', hello, ctx, W1);
    const other = as('worker', 8);
    expect(await dispatch('worker.heartbeat', { name: 'scanner-2:4242', jobsDone: 999, imagesDone: 1, imagesPerSecond: 1 }, ctx, other)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await dispatch('worker.hello', hello, ctx, other)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    for (const role of ['viewer', 'validator', 'expert', 'worker'] as const) {
      expect(await dispatch('workers.list', {}, ctx, as(role, 3))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    for (const role of ['viewer', 'archivist', 'validator'] as const) {
      expect(await dispatch('worker.hello', hello, ctx, as(role, 3))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await dispatch('workers.list', {}, ctx, as('archivist', 3))).toMatchObject({ ok: true, value: [{ jobsDone: 0 }] });
  });

  it('serves a photo by the reference in a job, from the server’s own record, never outside its import folder', async () => {
    const ctx = await tempContext();
    const root = tempDir();
    await writeJpeg(path.join(root, 'a.jpg'), 3);
    const [id] = await insertImages(ctx.db, root, ['a.jpg']);
    const got = await dispatch('worker.file', { ref: { kind: 'image', imageId: id } }, ctx, W1);
    expect(got.ok).toBe(true);
    if (!got.ok) return;
    const value = got.value as { base64: string; sizeBytes: number };
    expect(Buffer.from(value.base64, 'base64').equals(fs.readFileSync(path.join(root, 'a.jpg')))).toBe(true);
    expect(value.sizeBytes).toBe(fs.statSync(path.join(root, 'a.jpg')).size);

    // A file of an import still being analysed: import_files' row, under its root.
    const now = new Date().toISOString();
    const job = Number(ctx.db.prepare("INSERT INTO import_jobs (state, params, started_at) VALUES ('running', '{}', ?)").run(now).lastInsertRowid);
    const rootId = (ctx.db.prepare('SELECT id FROM import_roots WHERE path = ?').get(root) as { id: number }).id;
    const fileId = Number(ctx.db.prepare("INSERT INTO import_files (job_id, root_id, rel_path, state) VALUES (?, ?, 'a.jpg', 'pending')").run(job, rootId).lastInsertRowid);
    expect(await dispatch('worker.file', { ref: { kind: 'importFile', importJobId: job, fileId } }, ctx, W1)).toMatchObject({ ok: true, value: { sizeBytes: value.sizeBytes } });
    const climbing = Number(ctx.db.prepare("INSERT INTO import_files (job_id, root_id, rel_path, state) VALUES (?, ?, '../../etc/passwd', 'pending')").run(job, rootId).lastInsertRowid);
    expect(await dispatch('worker.file', { ref: { kind: 'importFile', importJobId: job, fileId: climbing } }, ctx, W1)).toMatchObject({ ok: false, error: { code: 'catalogue' } });
    expect(await dispatch('worker.file', { ref: { kind: 'importFile', importJobId: job, fileId: 9999 } }, ctx, W1)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // A worker cannot name a path: the call takes a reference only.
    expect(await dispatch('worker.file', { ref: { kind: 'image', imageId: id }, path: '/etc/passwd' }, ctx, W1)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    fs.rmSync(path.join(root, 'a.jpg'));
    expect(await dispatch('worker.file', { ref: { kind: 'image', imageId: id } }, ctx, W1)).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
