import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallInput, CallName } from '../../../../electron/common/contract/index.js';
import type { Client } from '../../api/client.js';
import { ClientContext, useClient } from '../../api/context.js';
import { isSignedOut, signIn, signOut } from '../../api/session.js';
import { errorLocaliser } from '../../i18n/index.js';
import { SignInScreen } from './SignInScreen.js';
import { TeamContext, type Me } from './team.js';

type State = { kind: 'loading' } | { kind: 'signIn'; notice: string | null } | { kind: 'ready'; me: Me | null };

/**
 * Team catalogues: shows the sign-in screen until there is a session, and
 * again (saying why) as soon as any call finds the session ended. A
 * single-seat catalogue and the desktop pass straight through.
 */
export function TeamGate({ children }: { children: ReactNode }) {
  const base = useClient();
  const { i18n } = useTranslation();
  const localise = useMemo(() => errorLocaliser(i18n), [i18n]);
  const [state, setState] = useState<State>({ kind: 'loading' });

  const client = useMemo<Client>(
    () => ({
      ...base,
      async call<N extends CallName>(name: N, input: CallInput<N>) {
        try {
          return await base.call(name, input);
        } catch (err) {
          if (isSignedOut(err)) setState({ kind: 'signIn', notice: (err as Error).message });
          throw err;
        }
      },
    }),
    [base],
  );

  const load = useCallback(async () => {
    try {
      setState({ kind: 'ready', me: await base.call('auth.me', {}) });
    } catch (err) {
      // A first visit is no "session ended"; only an expired session says so.
      if (isSignedOut(err)) setState({ kind: 'signIn', notice: (err as { messageKey?: string }).messageKey === 'sessionExpired' ? (err as Error).message : null });
      else setState({ kind: 'ready', me: null });
    }
  }, [base]);

  useEffect(() => void load(), [load]);

  const team = useMemo(
    () => ({
      me: state.kind === 'ready' ? state.me : null,
      signOut: async () => {
        await signOut(localise).catch(() => {});
        setState({ kind: 'signIn', notice: null });
      },
    }),
    [state, localise],
  );

  if (state.kind === 'loading') return null;
  if (state.kind === 'signIn') {
    return (
      <SignInScreen
        notice={state.notice}
        onSignIn={async (username, password) => {
          await signIn(username, password, localise);
          await load();
        }}
      />
    );
  }
  return (
    <ClientContext.Provider value={client}>
      <TeamContext.Provider value={team}>{children}</TeamContext.Provider>
    </ClientContext.Provider>
  );
}
