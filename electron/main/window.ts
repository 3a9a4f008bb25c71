import path from 'node:path';
import { BrowserWindow, session, shell } from 'electron';
import { APP_ORIGIN } from './protocol.js';

/**
 * The one workstation window, with Electron's security baseline: isolated,
 * sandboxed, no Node in the page, no navigation away from the app, no popups,
 * no permission prompts.
 */
export function createMainWindow(preloadPath: string, title: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title,
    show: false,
    backgroundColor: '#f6f1e7',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(APP_ORIGIN + '/')) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Links to the web (knowledge-card sources) open in the user's browser, never in-app.
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

export function preloadPathFrom(mainDir: string): string {
  return path.join(mainDir, '..', 'preload', 'preload.cjs');
}
