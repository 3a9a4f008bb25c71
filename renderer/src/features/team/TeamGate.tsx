import { Fragment, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallInput, CallName, CallOutput, CantingEvent } from '../../../../electron/common/contract/index.js';
import type { Client } from '../../api/client.js';
import { ClientContext, useClient } from '../../api/context.js';
import { isSignedOut, signIn, signOut } from '../../api/session.js';
import { errorLocaliser } from '../../i18n/index.js';
import { SignInScreen } from './SignInScreen.js';
import { TeamContext, type Me } from './team.js';

/** `kept`: who was signed in when the session ended; their screens stay (hidden) for their return. */
type State = { kind: 'loading' } | { kind: 'signIn'; notice: string | null; kept: Me | null } | { kind: 'ready'; me: Me | null };

/** Who was signed in, before the sign-in screen came up. */
const keptFrom = (s: State): Me | null => (s.kind === 'ready' ? s.me : s.kind === 'signIn' ? s.kept : null);

/**
 * Team catalogues: shows the sign-in screen until there is a session, and
 * again (saying why) as soon as any call finds the session ended. A
 * single-seat catalogue and the desktop pass straight through.
 *
 * A session that ends mid-work keeps the screens (filter, selection, a note
 * being typed) mounted behind the sign-in screen, and the calls that found it
 * ended wait: the same person signing in again finds the screens as they
 * were, the waiting calls made (as them) and everything refreshed; someone
 * else, or signing out, starts afresh and the waiting calls fail.
 */
export function TeamGate({ children }: { children: ReactNode }) {
  const base = useClient();
  const { i18n } = useTranslation();
  const localise = useMemo(() => errorLocaliser(i18n), [i18n]);
  const [state, setState] = useState<State>({ kind: 'loading' });
  // Screens listening for catalogue changes, told to refresh when their person is back.
  const resumed = useRef(new Set<(event: CantingEvent) => void>());
  const back = useRef(false);
  const waiting = useRef<{ resume(): void; fail(): void }[]>([]);
  /** Let the calls waiting for their person's return go on (`true`), or fail with the error that stopped them. */
  const settleWaiting = (resume: boolean) => {
    const all = waiting.current.splice(0);
    all.forEach((w) => (resume ? w.resume() : w.fail()));
  };
  const latest = useRef(state);
  useEffect(() => {
    latest.current = state;
    if (state.kind !== 'ready' || !back.current) return;
    back.current = false;
    resumed.current.forEach((l) => l({ type: 'catalogue-changed', reason: 'signed-in-again' }));
  }, [state]);

  const client = useMemo<Client>(() => {
    const call = async <N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> => {
      try {
        return await base.call(name, input);
      } catch (err) {
        if (!isSignedOut(err)) throw err;
        setState((s) => ({ kind: 'signIn', notice: (err as Error).message, kept: keptFrom(s) }));
        if (!keptFrom(latest.current)?.user) throw err;
        // Someone was at work: this call waits for them to sign in again, then is made anew (and may wait again).
        await new Promise<void>((resume, fail) => waiting.current.push({ resume, fail: () => fail(err) }));
        return await call(name, input);
      }
    };
    return {
      ...base,
      call,
      onEvent(listener) {
        const stop = base.onEvent(listener);
        resumed.current.add(listener);
        return () => {
          stop();
          resumed.current.delete(listener);
        };
      },
    };
  }, [base]);

  const load = useCallback(async () => {
    try {
      const me = await base.call('auth.me', {});
      const kept = keptFrom(latest.current);
      // Back after a session ended: what the kept screens showed may have changed meanwhile.
      back.current = !!kept?.user && kept.user.id === me.user?.id;
      settleWaiting(back.current);
      setState({ kind: 'ready', me });
    } catch (err) {
      // A first visit is no "session ended"; only an expired session says so.
      if (isSignedOut(err)) setState((s) => ({ kind: 'signIn', notice: (err as { messageKey?: string }).messageKey === 'sessionExpired' ? (err as Error).message : null, kept: keptFrom(s) }));
      else setState({ kind: 'ready', me: null });
    }
  }, [base]);

  useEffect(() => void load(), [load]);

  const team = useMemo(
    () => ({
      me: keptFrom(state),
      signOut: async () => {
        await signOut(localise).catch(() => {});
        settleWaiting(false);
        setState({ kind: 'signIn', notice: null, kept: null });
      },
    }),
    [state, localise],
  );

  if (state.kind === 'loading') return null;
  const signInScreen = state.kind === 'signIn' && (
    <SignInScreen
      notice={state.notice}
      onSignIn={async (username, password) => {
        await signIn(username, password, localise);
        await load();
      }}
    />
  );
  const shown = keptFrom(state);
  if (state.kind === 'signIn' && !shown) return signInScreen;
  return (
    <>
      {signInScreen}
      {/* Hidden and inert (no clicks, no keys) while someone signs in; keyed by person, so another one starts afresh. */}
      <div className="team-gate" hidden={state.kind === 'signIn'} inert={state.kind === 'signIn'} data-testid="team-gate">
        <ClientContext.Provider value={client}>
          <TeamContext.Provider value={team}>
            <Fragment key={shown?.user?.id ?? 'owner'}>{children}</Fragment>
          </TeamContext.Provider>
        </ClientContext.Provider>
      </div>
    </>
  );
}
