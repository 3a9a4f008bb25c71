import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { CALL_NAMES } from '../common/contract/index.js';
import type { CantingEvent } from '../common/contract/index.js';
import { IPC_REMOTE } from '../common/remote.js';
import { IPC_CALL_PREFIX, IPC_EVENT_CHANNEL, IPC_SHELL, type PreloadBridge } from '../common/shell.js';
import type { ApiResult } from '../common/errors.js';

// Only names from the contract can be invoked: a compromised page cannot
// reach any other IPC channel through this bridge.
const allowed = new Set<string>(CALL_NAMES);

const bridge: PreloadBridge = {
  call(name, input) {
    if (!allowed.has(name)) {
      return Promise.resolve<ApiResult<unknown>>({ ok: false, error: { code: 'unknown_call', message: `Unknown API call "${name}"` } });
    }
    return ipcRenderer.invoke(IPC_CALL_PREFIX + name, input);
  },
  onEvent(listener) {
    const wrapped = (_e: unknown, event: CantingEvent) => listener(event);
    ipcRenderer.on(IPC_EVENT_CHANNEL, wrapped);
    return () => ipcRenderer.off(IPC_EVENT_CHANNEL, wrapped);
  },
  shell: {
    pickFolders: () => ipcRenderer.invoke(IPC_SHELL.pickFolders),
    pickSaveFile: (options) => ipcRenderer.invoke(IPC_SHELL.pickSaveFile, options),
    pickOpenFile: (options) => ipcRenderer.invoke(IPC_SHELL.pickOpenFile, options),
    pathForFile: (file) => webUtils.getPathForFile(file),
  },
  // The server connection lives in main; the page starts and ends it but never holds its token.
  remote: {
    connect: (request) => ipcRenderer.invoke(IPC_REMOTE.connect, request),
    signIn: (username, password) => ipcRenderer.invoke(IPC_REMOTE.signIn, username, password),
    signOut: () => ipcRenderer.invoke(IPC_REMOTE.signOut),
    status: () => ipcRenderer.invoke(IPC_REMOTE.status),
    recent: () => ipcRenderer.invoke(IPC_REMOTE.recent),
    onShowConnect(listener) {
      const wrapped = () => listener();
      ipcRenderer.on(IPC_REMOTE.showConnect, wrapped);
      return () => ipcRenderer.off(IPC_REMOTE.showConnect, wrapped);
    },
  },
};

contextBridge.exposeInMainWorld('canting', bridge);
