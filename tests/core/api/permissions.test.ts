import { describe, expect, it } from 'vitest';
import { CALL_NAMES, ROLES, type Role } from '../../../electron/common/contract/index.js';
import { PERMISSIONS } from '../../../electron/common/contract/permissions.js';
import { dispatch } from '../../../electron/core/api/dispatch.js';
import type { Caller } from '../../../electron/core/api/caller.js';
import { tempContext } from '../../helpers/temp.js';

const as = (role: Role): Caller => ({ kind: 'user', user: { id: 1, username: role, displayName: role, role } });

/** Calls that change the catalogue (or write files, or manage people): a viewer may make none of them. */
const CHANGES = new Set([
  'facet.create', 'facet.addLabel', 'facet.renameLabel', 'settings.set', 'jobs.cancel', 'classify.start', 'classify.features', 'models.import',
  'embeddings.prune', 'export.csv', 'export.json', 'export.training', 'import.start', 'import.resume', 'import.relink', 'learn.train',
  'registry.activate', 'registry.rollback', 'registry.export', 'registry.import', 'learn.startFirstModel', 'review.decide', 'review.undo',
  'review.redo', 'review.setNote', 'knowledge.edit', 'team.enable', 'users.add', 'users.disable', 'users.enable', 'users.setRole',
  'users.resetPassword', 'sessions.revoke',
]);

describe('permissions in dispatch', () => {
  it('refuses exactly the calls a role may not make, for every call × every role, with a translated reason', async () => {
    const ctx = await tempContext();
    for (const name of CALL_NAMES) {
      for (const role of ROLES) {
        // A string is no call's input: an allowed call stops at input validation, before its handler runs.
        const result = await dispatch(name, 'probe', ctx, as(role));
        expect(result.ok).toBe(false);
        if (result.ok) continue;
        if (PERMISSIONS[name].includes(role)) {
          expect(result.error.code, `${role} → ${name}`).toBe('invalid_input');
        } else {
          expect(result.error, `${role} → ${name}`).toMatchObject({ code: 'forbidden', messageKey: 'roleForbidden', params: { role, call: name } });
        }
      }
      const local = await dispatch(name, 'probe', ctx);
      expect(!local.ok && local.error.code, `local → ${name}`).toBe('invalid_input');
    }
  });

  it('gives each role its rights: viewers read only, validators decide, experts edit knowledge, archivists import, admins everything', () => {
    const may = (role: Role) => new Set(CALL_NAMES.filter((n) => PERMISSIONS[n].includes(role)));
    expect([...may('viewer')].filter((n) => CHANGES.has(n))).toEqual([]);
    expect(may('admin').size).toBe(CALL_NAMES.length);
    expect(may('validator').has('review.decide') && !may('validator').has('knowledge.edit') && !may('validator').has('import.start')).toBe(true);
    expect(may('expert').has('review.decide') && may('expert').has('knowledge.edit') && !may('expert').has('users.add')).toBe(true);
    expect(may('archivist').has('import.start') && may('archivist').has('export.csv') && may('archivist').has('facet.create')).toBe(true);
    expect(may('archivist').has('review.decide') || may('archivist').has('registry.activate') || may('archivist').has('users.add')).toBe(false);
    expect([...may('worker')].sort()).toEqual(['auth.me', 'health', 'image.full', 'image.thumbnail', 'worker.bye', 'worker.file', 'worker.heartbeat', 'worker.hello']);
  });

  it('lets an allowed call through to its handler and stops a forbidden one before it changes anything', async () => {
    const ctx = await tempContext();
    const facet = { key: 'warna', nameId: 'Warna', nameEn: 'Colour', labels: ['merah', 'biru'] };
    const refused = await dispatch('facet.create', facet, ctx, as('viewer'));
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const listed = await dispatch('facet.list', {}, ctx, as('viewer'));
    expect(listed.ok && (listed.value as { key: string }[]).some((f) => f.key === 'warna')).toBe(false);
    expect(await dispatch('facet.create', facet, ctx, as('archivist'))).toMatchObject({ ok: true, value: { key: 'warna' } });
    expect(await dispatch('auth.me', {}, ctx, as('viewer'))).toMatchObject({ ok: true, value: { team: false, user: { role: 'viewer' } } });
  });
});
