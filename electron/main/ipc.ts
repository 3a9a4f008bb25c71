import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { CALL_NAMES } from '../common/contract/index.js';
import { ApiError } from '../common/errors.js';
import { IPC_CALL_PREFIX, IPC_SHELL } from '../common/shell.js';
import { dispatch } from '../core/api/dispatch.js';
import type { AppContext } from '../core/app/context.js';
import { APP_ORIGIN } from './protocol.js';

function fromOurPage(event: IpcMainInvokeEvent): boolean {
  return (event.senderFrame?.url ?? '').startsWith(APP_ORIGIN + '/');
}

/** One ipcMain.handle per contract entry, all served by the shared handler table. */
export function registerApi(getContext: () => AppContext): void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(IPC_CALL_PREFIX + name, async (event, input: unknown) => {
      if (!fromOurPage(event)) return { ok: false, error: new ApiError('forbidden', 'Call from an unknown page').toJSON() };
      return dispatch(name, input, getContext());
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
