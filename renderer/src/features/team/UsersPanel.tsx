import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role, type SessionInfo, type TeamUser } from '../../../../electron/common/contract/index.js';
import { useClient } from '../../api/context.js';
import { useTeam } from './team.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';

/** Admins: the team's accounts and live sessions. */
export function UsersPanel() {
  const client = useClient();
  const { me } = useTeam();
  const { t } = useTranslation();
  const [users, setUsers] = useState<TeamUser[]>([]);
  const [sessions, setSessions] = useState<SessionInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [draft, setDraft] = useState({ username: '', displayName: '', role: 'validator' as Role, password: '' });

  const reload = useCallback(async () => {
    try {
      const [u, s] = await Promise.all([client.call('users.list', {}), client.call('sessions.list', {})]);
      setUsers(u);
      setSessions(s);
    } catch (err) {
      setError((err as Error).message);
    }
  }, [client]);
  useEffect(() => void reload(), [reload]);

  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
    } catch (err) {
      setError((err as Error).message);
    }
    await reload();
  };

  const add = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      await client.call('users.add', { ...draft, displayName: draft.displayName.trim() || undefined });
      setDraft({ username: '', displayName: '', role: draft.role, password: '' });
    });
  };

  const resetPassword = (username: string) => {
    const password = window.prompt(t('team.users.newPassword', { username }));
    if (password) void act(() => client.call('users.resetPassword', { username, password }));
  };

  return (
    <section className="users-panel" data-testid="users-panel">
      <h2>{t('team.users.title')}</h2>
      {error && <ErrorBanner>{error}</ErrorBanner>}
      <table>
        <thead>
          <tr>
            <th>{t('team.users.username')}</th>
            <th>{t('team.users.displayName')}</th>
            <th>{t('team.users.role')}</th>
            <th>{t('team.users.state')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} data-testid={`user-${u.username}`}>
              <td>{u.username}</td>
              <td>{u.displayName}</td>
              <td>
                <select aria-label={t('team.users.role')} value={u.role} onChange={(e) => void act(() => client.call('users.setRole', { username: u.username, role: e.target.value as Role }))}>
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t(`team.roles.${r}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td>{u.disabled ? t('team.users.disabled') : t('team.users.enabled')}</td>
              <td>
                <button type="button" onClick={() => void act(() => client.call(u.disabled ? 'users.enable' : 'users.disable', { username: u.username }))}>
                  {u.disabled ? t('team.users.enable') : t('team.users.disable')}
                </button>
                <button type="button" onClick={() => resetPassword(u.username)}>
                  {t('team.users.resetPassword')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <form className="user-add" onSubmit={add}>
        <h3>{t('team.users.add')}</h3>
        <input aria-label={t('team.users.username')} placeholder={t('team.users.username')} value={draft.username} onChange={(e) => setDraft({ ...draft, username: e.target.value })} required />
        <input aria-label={t('team.users.displayName')} placeholder={t('team.users.displayName')} value={draft.displayName} onChange={(e) => setDraft({ ...draft, displayName: e.target.value })} />
        <select aria-label={t('team.users.role')} value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value as Role })}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`team.roles.${r}`)}
            </option>
          ))}
        </select>
        <input aria-label={t('team.users.password')} placeholder={t('team.users.password')} type="password" autoComplete="new-password" value={draft.password} onChange={(e) => setDraft({ ...draft, password: e.target.value })} required />
        <button type="submit">{t('team.users.addSubmit')}</button>
      </form>

      <h3>{t('team.sessions.title')}</h3>
      <table>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id}>
              <td>{s.username}</td>
              <td>{t('team.sessions.lastSeen', { at: new Date(s.lastSeenAt).toLocaleString() })}</td>
              <td>{s.address ?? ''}</td>
              <td>
                <button type="button" onClick={() => void act(() => client.call('sessions.revoke', { id: s.id }))}>
                  {t('team.sessions.revoke')}
                </button>
                {me?.user?.id === s.userId && <span> {t('team.sessions.yours')}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
