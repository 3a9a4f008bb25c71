import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { CALL_NAMES } from '../common/contract/index.js';
import type { CantingEvent } from '../common/contract/index.js';
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
};

contextBridge.exposeInMainWorld('canting', bridge);
