import type { ApiResult } from './errors.js';
import type { CantingEvent } from './contract/index.js';
import type { RemoteBridge } from './remote.js';

/** Channel names shared by main and preload. */
export const IPC_CALL_PREFIX = 'canting:call:';
export const IPC_EVENT_CHANNEL = 'canting:event';
export const IPC_SHELL = {
  pickFolders: 'canting:shell:pickFolders',
  pickSaveFile: 'canting:shell:pickSaveFile',
  pickOpenFile: 'canting:shell:pickOpenFile',
} as const;

/** What only the desktop shell can do (native dialogs, dropped files' paths). */
export interface ShellApi {
  pickFolders(): Promise<string[]>;
  pickSaveFile(options: { defaultName: string; extensions: string[] }): Promise<string | null>;
  pickOpenFile(options: { extensions: string[] }): Promise<string | null>;
  pathForFile(file: File): string;
}

/** The object the preload exposes as `window.canting`. */
export interface PreloadBridge {
  call(name: string, input: unknown): Promise<ApiResult<unknown>>;
  onEvent(listener: (event: CantingEvent) => void): () => void;
  shell: ShellApi;
  /** The desktop app's connection to a team catalogue on a server (absent in a browser). */
  remote?: RemoteBridge;
}
