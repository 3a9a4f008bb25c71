import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CantingEvent } from '../../electron/common/contract/index.js';
import { dispatch } from '../../electron/core/api/dispatch.js';
import type { AppContext } from '../../electron/core/app/context.js';
import { closeAppContext, createAppContext } from '../../electron/core/app/create.js';
import { RecentServers } from '../../electron/main/remote/recent-servers.js';
import { TrustedServers } from '../../electron/main/remote/trusted-servers.js';
import { Workspace } from '../../electron/main/workspace.js';
import { serve, TEAM_PASSWORD, teamCatalogue } from '../helpers/team-server.js';
import { onCleanup, tempDir } from '../helpers/temp.js';

function workspace() {
  const dir = tempDir('canting-ws-');
  const opened: AppContext[] = [];
  const ws = new Workspace({
    openLocal: async (file) => {
      const ctx = await createAppContext(file);
      opened.push(ctx);
      return ctx;
    },
    closeLocal: (ctx) => closeAppContext(ctx),
    remote: { trusted: new TrustedServers(path.join(dir, 'trusted-servers.json')), recent: new RecentServers(path.join(dir, 'recent-servers.json')) },
  });
  onCleanup(() => ws.close());
  return { ws, dir, opened };
}

const pathOf = async (ws: Workspace) => {
  const info = await ws.call('catalogue.info', {});
  if (!info.ok) throw new Error(JSON.stringify(info.error));
  return (info.value as { path: string }).path;
};

async function liveSessions(ctx: AppContext): Promise<number> {
  const list = await dispatch('sessions.list', {}, ctx);
  return list.ok ? (list.value as unknown[]).length : -1;
}

describe('the window’s workspace: a catalogue file or a team catalogue on a server', () => {
  it('works on a local file, and a failed connection leaves it open and working', async () => {
    const { ws, dir } = workspace();
    const file = path.join(dir, 'arsip.sqlite');
    await ws.openLocal(file);
    expect(ws.status()).toEqual({ kind: 'local', path: file });
    expect(await pathOf(ws)).toBe(file);
    const server = await serve(await teamCatalogue());
    const result = await ws.connectRemote({ url: server.origin, username: 'budi', password: 'wrong-password-1' });
    expect(result).toMatchObject({ ok: false, error: { code: 'unauthorized', messageKey: 'signInFailed' } });
    expect(ws.status()).toEqual({ kind: 'local', path: file });
    expect(await pathOf(ws)).toBe(file);
  });

  it('switching to the server closes the file; switching back ends the server session', async () => {
    const { ws, dir, opened } = workspace();
    const file = path.join(dir, 'arsip.sqlite');
    await ws.openLocal(file);
    const events: CantingEvent[] = [];
    ws.onEvent((e) => events.push(e));

    const teamCtx = await teamCatalogue();
    const server = await serve(teamCtx);
    const result = await ws.connectRemote({ url: server.origin, username: 'budi', password: TEAM_PASSWORD });
    expect(result).toMatchObject({ ok: true, user: { username: 'budi', role: 'archivist' }, url: server.origin });
    expect(opened[0].db.open).toBe(false);
    expect(ws.status()).toEqual({ kind: 'remote', url: server.origin, username: 'budi', signedIn: true });
    expect(await pathOf(ws)).toBe(teamCtx.cataloguePath);
    expect(events).toContainEqual({ type: 'catalogue-changed', reason: 'opened' });
    // The server's events reach the window.
    await expect
      .poll(() => {
        teamCtx.events.emit({ type: 'catalogue-changed', reason: 'from-server' });
        return events.some((e) => e.type === 'catalogue-changed' && e.reason === 'from-server');
      })
      .toBe(true);

    await ws.signOut();
    expect(ws.status()).toMatchObject({ kind: 'remote', signedIn: false });
    expect(await ws.call('catalogue.info', {})).toMatchObject({ ok: false, error: { messageKey: 'signInRequired' } });
    expect(await ws.signIn('budi', TEAM_PASSWORD)).toMatchObject({ ok: true, value: { username: 'budi' } });
    expect(await liveSessions(teamCtx)).toBe(1);

    await ws.openLocal(file);
    expect(ws.status()).toEqual({ kind: 'local', path: file });
    expect(await liveSessions(teamCtx)).toBe(0);
    expect(await ws.signIn('budi', TEAM_PASSWORD)).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});
