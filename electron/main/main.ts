import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, Menu } from 'electron';
import type { AppContext } from '../core/app/context.js';
import { closeAppContext, createAppContext } from '../core/app/create.js';
import { RENDERER_DIR } from '../core/app/paths.js';
import { IPC_EVENT_CHANNEL } from '../common/shell.js';
import { ApiError } from '../common/errors.js';
import { resumeInterruptedImports } from '../core/importer/job.js';
import { registerApi } from './ipc.js';
import { buildMenu } from './menu.js';
import { registerAppScheme, serveRenderer } from './protocol.js';
import { createMainWindow, preloadPathFrom } from './window.js';

// Composition root of the desktop app: the only mutable state is here.
let ctx: AppContext | null = null;
let win: BrowserWindow | null = null;
let unsubscribe: (() => void) | null = null;

const mainDir = path.dirname(fileURLToPath(import.meta.url));

function cataloguePathFromArgs(): string {
  const i = process.argv.indexOf('--db');
  if (i > 0 && process.argv[i + 1]) return path.resolve(process.argv[i + 1]);
  const dir = app.getPath('userData');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, 'catalogue.sqlite');
}

async function openCatalogue(file: string): Promise<void> {
  // Packaged apps ship models as extra resources beside the asar (see electron-builder.yml).
  const next = await createAppContext(file, { modelsDir: app.isPackaged ? path.join(process.resourcesPath, 'models') : undefined });
  const previous = ctx;
  ctx = next;
  unsubscribe?.();
  unsubscribe = next.events.subscribe((event) => win?.webContents.send(IPC_EVENT_CHANNEL, event));
  if (previous) await closeAppContext(previous);
  win?.setTitle(`Canting — ${path.basename(file)}`);
  win?.webContents.send(IPC_EVENT_CHANNEL, { type: 'catalogue-changed', reason: 'opened' });
  // An import cut off by a crash or a closed window goes on where it stopped.
  resumeInterruptedImports(next);
}

async function pickAndOpen(create: boolean): Promise<void> {
  if (!win) return;
  const result = create
    ? await dialog.showSaveDialog(win, { defaultPath: 'katalog.sqlite', filters: [{ name: 'Canting', extensions: ['sqlite'] }] })
    : await dialog.showOpenDialog(win, { properties: ['openFile'], filters: [{ name: 'Canting', extensions: ['sqlite'] }] });
  const file = 'filePath' in result ? result.filePath : result.filePaths[0];
  if (result.canceled || !file) return;
  try {
    await openCatalogue(file);
  } catch (err) {
    dialog.showErrorBox('Canting', err instanceof ApiError ? err.message : String(err));
  }
}

registerAppScheme();
if (!app.requestSingleInstanceLock()) app.quit();

app.on('second-instance', () => {
  if (win?.isMinimized()) win.restore();
  win?.focus();
});

app.whenReady().then(async () => {
  serveRenderer(RENDERER_DIR);
  try {
    await openCatalogue(cataloguePathFromArgs());
  } catch (err) {
    dialog.showErrorBox('Canting', err instanceof ApiError ? err.message : String(err));
    app.exit(1);
    return;
  }
  registerApi(() => {
    if (!ctx) throw new ApiError('catalogue', 'No catalogue is open');
    return ctx;
  });
  Menu.setApplicationMenu(buildMenu({ openCatalogue: () => void pickAndOpen(false), newCatalogue: () => void pickAndOpen(true) }));
  win = createMainWindow(preloadPathFrom(mainDir), `Canting — ${path.basename(ctx!.cataloguePath)}`);
  win.on('closed', () => (win = null));
});

app.on('window-all-closed', () => app.quit());
app.on('will-quit', (event) => {
  if (!ctx) return;
  event.preventDefault();
  const closing = ctx;
  ctx = null;
  void closeAppContext(closing).finally(() => app.quit());
});
