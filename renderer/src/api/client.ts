import type { CallInput, CallName, CallOutput, CantingEvent } from '../../../electron/common/contract/index.js';
import { ApiError, type ApiErrorShape, type ApiResult } from '../../../electron/common/errors.js';
import type { PreloadBridge, ShellApi } from '../../../electron/common/shell.js';

/**
 * The renderer's only way to the core. In Electron it goes through the
 * preload bridge (IPC); in a browser it posts to the loopback server with the
 * per-run token. Components never know which.
 */
export interface Client {
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
  onEvent(listener: (event: CantingEvent) => void): () => void;
  /** Native dialogs and dropped-file paths exist only in the desktop shell. */
  shell: ShellApi | null;
  transport: 'ipc' | 'http';
}

/**
 * An error's message in the user's language, or null to keep the core's
 * English one (no translation for it yet). Given by the composition root,
 * which owns the i18n instance.
 */
export type LocaliseError = (error: ApiErrorShape) => string | null;

/** The error a call failed with, its message in the user's language where a translation exists, so every panel shows it as it is. */
function unwrap<T>(result: ApiResult<unknown>, localise: LocaliseError): T {
  if (result.ok) return result.value as T;
  const e = result.error;
  const err = new ApiError(e.code, localise(e) ?? e.message, e.details);
  if (e.messageKey !== undefined) err.translated(e.messageKey, e.params);
  throw err;
}

function ipcClient(bridge: PreloadBridge, localise: LocaliseError, onServer: boolean): Client {
  return {
    transport: 'ipc',
    // On a server catalogue, paths are the server's: no native dialogs or dropped local paths (as in a browser).
    shell: onServer ? null : bridge.shell,
    call: async (name, input) => unwrap(await bridge.call(name, input), localise),
    onEvent: (listener) => bridge.onEvent(listener),
  };
}

const TOKEN_KEY = 'canting.token';

function takeToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    // Keep the token out of the address bar and the history.
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/**
 * One Server-Sent Events stream per page, shared by every subscriber. Each
 * screen subscribes on its own; a stream per subscriber held one of the
 * browser's six connections to the server each, and with six screens
 * listening every API call queued behind them for ever (seen in an
 * exploratory run). The stream opens with the first listener, reconnects
 * after a second when cut, and closes with the last.
 */
function sharedEventStream(headers: Record<string, string>): Client['onEvent'] {
  const listeners = new Set<(event: CantingEvent) => void>();
  let controller: AbortController | null = null;

  async function run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        // EventSource cannot send the Authorization header, so read the SSE stream with fetch.
        const res = await fetch('/api/events', { headers, signal });
        const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const chunk = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const data = chunk.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
            if (data) {
              const event = JSON.parse(data) as CantingEvent;
              for (const listener of [...listeners]) listener(event);
            }
          }
        }
      } catch {
        // reconnect below unless we were closed
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  return (listener) => {
    listeners.add(listener);
    if (!controller) {
      controller = new AbortController();
      void run(controller.signal);
    }
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && controller) {
        controller.abort();
        controller = null;
      }
    };
  };
}

/**
 * Team catalogues: signed in, the HttpOnly session cookie authenticates every
 * call, so the per-run token (which opens nothing there) is dropped.
 */
export function forgetRunToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  delete httpHeaders.Authorization;
}
const httpHeaders: Record<string, string> = {};

function httpClient(localise: LocaliseError): Client {
  const token = takeToken();
  if (token) httpHeaders.Authorization = `Bearer ${token}`;
  const headers = httpHeaders;
  return {
    transport: 'http',
    shell: null,
    async call(name, input) {
      let response: Response;
      try {
        response = await fetch(`/api/${name}`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        const unreachable = { code: 'io', message: 'Canting is not reachable. Is "canting serve" still running?', messageKey: 'unreachable' } as const;
        throw new ApiError(unreachable.code, localise(unreachable) ?? unreachable.message);
      }
      return unwrap(await response.json(), localise);
    },
    onEvent: sharedEventStream(headers),
  };
}

/** `onServer`: the desktop app works on a team catalogue on a server (its files are not this machine's). */
export function createClient(localise: LocaliseError = () => null, onServer = false): Client {
  const bridge = (window as unknown as { canting?: PreloadBridge }).canting;
  return bridge ? ipcClient(bridge, localise, onServer) : httpClient(localise);
}
