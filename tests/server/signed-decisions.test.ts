import { describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../electron/server/http.js';
import { RENDERER_DIR } from '../../electron/core/app/paths.js';
import { insertModel } from '../../electron/core/models/store.js';
import { headArtifacts, manifestFor } from '../core/models/fixtures.js';
import { api, reviewCatalogue } from '../core/review/fixture.js';
import { onCleanup } from '../helpers/temp.js';

const PASSWORD = 'kawung-parang-1';

/**
 * A single-seat catalogue (validator setting "Sari") made a team catalogue:
 * admin ratna, archivist budi, validators ayu and ayu2 (both shown as "Ayu"),
 * expert citra. Decisions over HTTP must be signed by who is signed in.
 */
async function team() {
  const c = await reviewCatalogue();
  await api(c.ctx, 'team.enable', { username: 'ratna', displayName: 'Ratna', password: PASSWORD });
  for (const [username, role, displayName] of [
    ['budi', 'archivist', 'Budi'],
    ['ayu', 'validator', 'Ayu'],
    ['ayu2', 'validator', 'Ayu'],
    ['citra', 'expert', 'Citra'],
  ] as const) {
    await api(c.ctx, 'users.add', { username, role, displayName, password: PASSWORD });
  }
  const server: RunningServer = await startServer({ ctx: c.ctx, rendererDir: RENDERER_DIR });
  onCleanup(() => server.close());
  const ids = Object.fromEntries(
    (c.db.prepare('SELECT username, id FROM users').all() as { username: string; id: number }[]).map((u) => [u.username, u.id]),
  ) as Record<string, number>;
  return { ...c, server, userIds: ids };
}

async function post(server: RunningServer, name: string, input: unknown, token?: string) {
  const res = await fetch(new URL(`/api/${name}`, server.origin), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });
  return (await res.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}

/** Signs in and returns a caller that throws on a refused call. */
async function as(server: RunningServer, username: string) {
  const login = await post(server, 'auth.login', { username, password: PASSWORD });
  expect(login.ok).toBe(true);
  const token = (login.value as { token: string }).token;
  return async <T = unknown>(name: string, input: unknown): Promise<T> => {
    const r = await post(server, name, input, token);
    if (!r.ok) throw new Error(`${name}: ${r.error?.message}`);
    return r.value as T;
  };
}

const lastAudit = (c: Awaited<ReturnType<typeof team>>, action: string) =>
  c.db.prepare('SELECT actor, user_id AS userId FROM audit_log WHERE action = ? ORDER BY id DESC LIMIT 1').get(action);

describe('decisions in a team catalogue are signed by the signed-in user', () => {
  it("stores a validator's decision under their account and name, ignoring a typed validator name", async () => {
    const c = await team();
    const ayu = await as(c.server, 'ayu');
    await ayu('review.decide', { facet: 'motif', ids: [c.ids[0]], action: 'validate', validator: 'Ratna' });
    expect(c.db.prepare('SELECT validator, validator_user_id AS userId FROM reviews WHERE image_id = ?').get(c.ids[0])).toEqual({ validator: 'Ayu', userId: c.userIds.ayu });
    expect(lastAudit(c, 'validate')).toEqual({ actor: 'Ayu', userId: c.userIds.ayu });
    const history = await ayu<{ actor: string; action: string }[]>('review.history', { id: c.ids[0], facet: 'motif' });
    expect(history.map((h) => [h.action, h.actor])).toEqual([['validate', 'Ayu']]);
    // Undo and redo are hers too, whatever name is typed.
    const batch = (c.db.prepare("SELECT batch_id FROM audit_log WHERE action = 'validate'").pluck().get() as string);
    await ayu('review.undo', { batchId: batch, validator: 'Sari' });
    expect(lastAudit(c, 'undo')).toEqual({ actor: 'Ayu', userId: c.userIds.ayu });
    await ayu('review.redo', { batchId: batch });
    expect(lastAudit(c, 'redo')).toEqual({ actor: 'Ayu', userId: c.userIds.ayu });
  });

  it('counts two validators with the same display name as two people (the account decides)', async () => {
    const c = await team();
    await api(c.ctx, 'validation.setPolicy', { facet: 'motif', requiredValidations: 2 });
    const ayu = await as(c.server, 'ayu');
    const ayu2 = await as(c.server, 'ayu2');
    await ayu('review.decide', { facet: 'motif', ids: [c.ids[0]], action: 'validate' });
    expect(c.db.prepare("SELECT status FROM reviews WHERE image_id = ?").pluck().get(c.ids[0])).toBe('awaiting');
    await ayu2('review.decide', { facet: 'motif', ids: [c.ids[0]], action: 'validate' });
    expect(c.db.prepare("SELECT status FROM reviews WHERE image_id = ?").pluck().get(c.ids[0])).toBe('validated');
    const votes = await ayu<{ votes: { actor: string; userId: number | null }[] }>('validation.votes', { id: c.ids[0], facet: 'motif' });
    expect(votes.votes.map((v) => [v.actor, v.userId])).toEqual([
      ['Ayu', c.userIds.ayu],
      ['Ayu', c.userIds.ayu2],
    ]);
  });

  it("shows a blind facet's first vote only to the one who cast it, and a queue to the account it was given to", async () => {
    const c = await team();
    await api(c.ctx, 'validation.setPolicy', { facet: 'motif', requiredValidations: 2, blind: true });
    const ayu = await as(c.server, 'ayu');
    const ayu2 = await as(c.server, 'ayu2');
    await ayu('review.decide', { facet: 'motif', ids: [c.ids[1]], action: 'label', label: 'truntum' });
    type Votes = { votes: { label: string | null; hidden: boolean }[] };
    expect((await ayu<Votes>('validation.votes', { id: c.ids[1], facet: 'motif' })).votes).toMatchObject([{ label: 'truntum', hidden: false }]);
    expect((await ayu2<Votes>('validation.votes', { id: c.ids[1], facet: 'motif' })).votes).toMatchObject([{ label: null, hidden: true }]);

    const budi = await as(c.server, 'budi');
    await budi('queue.assign', { facet: 'motif', assignee: 'ayu2', filter: {} });
    expect(lastAudit(c, 'queue.assign')).toEqual({ actor: 'Budi', userId: c.userIds.budi });
    expect(await ayu<unknown[]>('queue.list', { mine: true })).toEqual([]);
    expect(await ayu2<{ assignee: string }[]>('queue.list', { mine: true })).toMatchObject([{ assignee: 'Ayu' }]);
  });

  it('records notes, knowledge, facet changes and model activations under the account that made them', async () => {
    const c = await team();
    const ayu = await as(c.server, 'ayu');
    await ayu('review.setNote', { id: c.ids[2], facet: 'motif', note: 'Cap, bukan tulis' });
    expect(lastAudit(c, 'note')).toEqual({ actor: 'Ayu', userId: c.userIds.ayu });
    expect(c.db.prepare('SELECT note_by FROM reviews WHERE image_id = ?').pluck().get(c.ids[2])).toBe('Ayu');

    const citra = await as(c.server, 'citra');
    await citra('knowledge.edit', { key: 'kawung-picis', name: 'Kawung Picis' });
    expect(c.db.prepare("SELECT actor, user_id AS userId FROM audit_log WHERE entity = 'motif_knowledge' ORDER BY id DESC").get()).toEqual({
      actor: 'Citra',
      userId: c.userIds.citra,
    });

    const budi = await as(c.server, 'budi');
    await budi('facet.create', { key: 'warna', nameId: 'Warna', nameEn: 'Colour', labels: ['Sogan', 'Putih'] });
    expect(lastAudit(c, 'facet.create')).toEqual({ actor: 'Budi', userId: c.userIds.budi });
    await budi('facet.addLabel', { facet: 'warna', name: 'Indigo' });
    await budi('facet.renameLabel', { facet: 'warna', label: 'indigo', name: 'Nila' });
    expect(c.db.prepare("SELECT DISTINCT actor, user_id AS userId FROM audit_log WHERE entity = 'facet'").all()).toEqual([{ actor: 'Budi', userId: c.userIds.budi }]);

    const ratna = await as(c.server, 'ratna');
    const labels = c.db.prepare("SELECT l.key FROM labels l JOIN facets f ON f.id = l.facet_id WHERE f.key = 'motif' ORDER BY l.position").pluck().all() as string[];
    const add = async (version: string) =>
      (await insertModel(c.db, { manifest: manifestFor('motif', labels, { version }), artifacts: await headArtifacts(labels.length), source: 'trained', activate: false })).id;
    await ratna('registry.activate', { id: await add('motif-v8') });
    const v2 = await add('motif-v9');
    await ratna('registry.activate', { id: v2 });
    await ratna('registry.rollback', { facet: 'motif' });
    expect(c.db.prepare("SELECT DISTINCT actor, user_id AS userId FROM audit_log WHERE entity = 'model'").all()).toEqual([{ actor: 'Ratna', userId: c.userIds.ratna }]);
  });

  it('keeps the typed name for the single-seat (local) caller, with no account', async () => {
    const c = await reviewCatalogue();
    await api(c.ctx, 'review.decide', { facet: 'motif', ids: [c.ids[0]], action: 'validate', validator: 'Dewi' });
    await api(c.ctx, 'review.setNote', { id: c.ids[0], facet: 'motif', note: 'x' });
    expect(c.db.prepare('SELECT action, actor, user_id AS userId FROM audit_log ORDER BY id').all()).toEqual([
      { action: 'validate', actor: 'Dewi', userId: null },
      { action: 'note', actor: 'Sari', userId: null },
    ]);
  });
});
