import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { CALL_NAMES } from '../common/contract/index.js';
import { ApiError } from '../common/errors.js';
import { IPC_REMOTE, type RemoteConnectRequest } from '../common/remote.js';
import { IPC_CALL_PREFIX, IPC_SHELL } from '../common/shell.js';
import { APP_ORIGIN } from './protocol.js';
import type { RecentServers } from './remote/recent-servers.js';
import type { Workspace } from './workspace.js';

function fromOurPage(event: IpcMainInvokeEvent): boolean {
  return (event.senderFrame?.url ?? '').startsWith(APP_ORIGIN + '/');
}

const notOurPage = () => ({ ok: false, error: new ApiError('forbidden', 'Call from an unknown page').toJSON() });

/** One ipcMain.handle per contract entry, each answered by the window's workspace (a catalogue file or a server). */
export function registerApi(workspace: Workspace): void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(IPC_CALL_PREFIX + name, async (event, input: unknown) => {
      if (!fromOurPage(event)) return notOurPage();
      return workspace.call(name, input);
    });
  }
  ipcMain.handle(IPC_SHELL.pickFolders, async (event) => {
    const win = BrowserWindow.fromWebContents(event.sender);
    const result = await dialog.showOpenDialog(win!, { properties: ['openDirectory', 'multiSelections'] });
    return result.canceled ? [] : result.filePaths;
  });
  ipcMain.handle(IPC_SHELL.pickSaveFile, async (event, options: { defaultName: string; extensions: string[] }) => {
    const win = BrowserWindow.fromWebContents(event.sender);
    const result = await dialog.showSaveDialog(win!, {
      defaultPath: options.defaultName,
      filters: [{ name: options.extensions.join(', '), extensions: options.extensions }],
    });
    return result.canceled ? null : (result.filePath ?? null);
  });
  ipcMain.handle(IPC_SHELL.pickOpenFile, async (event, options: { extensions: string[] }) => {
    const win = BrowserWindow.fromWebContents(event.sender);
    const result = await dialog.showOpenDialog(win!, { properties: ['openFile'], filters: [{ name: options.extensions.join(', '), extensions: options.extensions }] });
    return result.canceled ? null : (result.filePaths[0] ?? null);
  });
}

const text = (x: unknown, max: number) => (typeof x === 'string' ? x.slice(0, max) : '');

/**
 * The page's side of the server connection: start it, sign in again, sign
 * out, what is open, recent servers. The token never crosses this line;
 * `onConnected` runs after the window's workspace switched (main reloads the page).
 */
export function registerRemote(workspace: Workspace, recent: RecentServers, onConnected: () => void): void {
  ipcMain.handle(IPC_REMOTE.connect, async (event, raw: Partial<RemoteConnectRequest>) => {
    if (!fromOurPage(event)) return notOurPage();
    const request: RemoteConnectRequest = {
      url: text(raw?.url, 2000),
      username: text(raw?.username, 200),
      password: text(raw?.password, 1024),
      acceptFingerprint: raw?.acceptFingerprint ? text(raw.acceptFingerprint, 200) : undefined,
    };
    const result = await workspace.connectRemote(request);
    if (result.ok) onConnected();
    return result;
  });
  ipcMain.handle(IPC_REMOTE.signIn, async (event, username: unknown, password: unknown) => {
    if (!fromOurPage(event)) return notOurPage();
    return workspace.signIn(text(username, 200), text(password, 1024));
  });
  ipcMain.handle(IPC_REMOTE.signOut, async (event) => {
    if (fromOurPage(event)) await workspace.signOut();
  });
  ipcMain.handle(IPC_REMOTE.status, (event) => (fromOurPage(event) ? workspace.status() : null));
  ipcMain.handle(IPC_REMOTE.recent, (event) => (fromOurPage(event) ? recent.list() : []));
}
