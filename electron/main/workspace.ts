import type { CantingEvent, SignedInUser } from '../common/contract/index.js';
import { ApiError, type ApiResult } from '../common/errors.js';
import type { RemoteConnectResult, WorkspaceStatus } from '../common/remote.js';
import { dispatch } from '../core/api/dispatch.js';
import type { AppContext } from '../core/app/context.js';
import { connectRemote, type ConnectOptions, type RemoteConnection, type RemoteDeps } from './remote/connection.js';

export interface WorkspaceDeps {
  /** Opens a catalogue file (createAppContext with the app's models folder). */
  openLocal(file: string): Promise<AppContext>;
  closeLocal(ctx: AppContext): Promise<void>;
  /** After a local catalogue opened (resume an import a crash cut off). */
  onLocalOpened?(ctx: AppContext): void;
  remote: RemoteDeps;
}

type Current = { kind: 'local'; ctx: AppContext } | { kind: 'remote'; connection: RemoteConnection; username: string };

/**
 * What the window works on: a catalogue file on this machine (contract calls
 * go to dispatch, as always) or a team catalogue on a server (the same calls
 * over HTTPS with the session held here). One at a time: opening one closes
 * the other, and a failed attempt leaves the open one as it was.
 */
export class Workspace {
  private current: Current | null = null;
  private readonly listeners = new Set<(event: CantingEvent) => void>();
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly deps: WorkspaceDeps) {}

  async openLocal(file: string): Promise<void> {
    const ctx = await this.deps.openLocal(file);
    await this.replace({ kind: 'local', ctx });
    this.deps.onLocalOpened?.(ctx);
  }

  /** Connects and signs in; only then is the open catalogue closed. An untrusted certificate or an error changes nothing. */
  async connectRemote(options: ConnectOptions): Promise<RemoteConnectResult> {
    try {
      const outcome = await connectRemote(options, this.deps.remote);
      if (outcome.kind === 'untrusted') return { ok: false, untrusted: outcome.certificate };
      await this.replace({ kind: 'remote', connection: outcome.connection, username: options.username });
      return { ok: true, user: outcome.user, url: outcome.connection.url };
    } catch (err) {
      return { ok: false, error: (err instanceof ApiError ? err : new ApiError('internal', 'Connecting failed')).toJSON() };
    }
  }

  /** A contract call on the open catalogue, answered as dispatch answers. */
  call(name: string, input: unknown): Promise<ApiResult<unknown>> {
    const current = this.current;
    if (!current) return Promise.resolve({ ok: false, error: new ApiError('catalogue', 'No catalogue is open').toJSON() });
    return current.kind === 'local' ? dispatch(name, input, current.ctx) : current.connection.call(name, input);
  }

  /** Sign in again to the server the window is on (its session ended, or the user signed out). */
  async signIn(username: string, password: string): Promise<ApiResult<SignedInUser>> {
    const current = this.current;
    if (current?.kind !== 'remote') return { ok: false, error: new ApiError('conflict', 'No team catalogue on a server is open').toJSON() };
    try {
      const user = await current.connection.signIn(username, password);
      current.username = username;
      return { ok: true, value: user };
    } catch (err) {
      return { ok: false, error: (err instanceof ApiError ? err : new ApiError('internal', 'Sign-in failed')).toJSON() };
    }
  }

  async signOut(): Promise<void> {
    if (this.current?.kind === 'remote') await this.current.connection.signOut();
  }

  onEvent(listener: (event: CantingEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): WorkspaceStatus | null {
    const current = this.current;
    if (!current) return null;
    if (current.kind === 'local') return { kind: 'local', path: current.ctx.cataloguePath };
    return { kind: 'remote', url: current.connection.url, username: current.username, signedIn: current.connection.signedInUser !== null };
  }

  /** The catalogue file open on this machine, if that is what the window works on. */
  get localContext(): AppContext | null {
    return this.current?.kind === 'local' ? this.current.ctx : null;
  }

  async close(): Promise<void> {
    const previous = this.current;
    this.current = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (previous) await this.closeOne(previous);
  }

  private async replace(next: Current): Promise<void> {
    const previous = this.current;
    this.current = next;
    this.unsubscribe?.();
    const relay = (event: CantingEvent) => {
      for (const listener of [...this.listeners]) listener(event);
    };
    this.unsubscribe = next.kind === 'local' ? next.ctx.events.subscribe(relay) : next.connection.subscribe(relay);
    if (previous) await this.closeOne(previous);
    relay({ type: 'catalogue-changed', reason: 'opened' });
  }

  private async closeOne(one: Current): Promise<void> {
    if (one.kind === 'local') await this.deps.closeLocal(one.ctx);
    else {
      await one.connection.signOut();
      one.connection.close();
    }
  }
}
