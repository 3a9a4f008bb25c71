import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, Menu } from 'electron';
import { closeAppContext, createAppContext } from '../core/app/create.js';
import { RENDERER_DIR } from '../core/app/paths.js';
import { IPC_EVENT_CHANNEL } from '../common/shell.js';
import { IPC_REMOTE } from '../common/remote.js';
import { ApiError } from '../common/errors.js';
import { resumeInterruptedImports } from '../core/importer/job.js';
import { registerApi, registerRemote } from './ipc.js';
import { buildMenu } from './menu.js';
import { registerAppScheme, serveRenderer } from './protocol.js';
import { RecentServers } from './remote/recent-servers.js';
import { TrustedServers } from './remote/trusted-servers.js';
import { createMainWindow, preloadPathFrom } from './window.js';
import { Workspace } from './workspace.js';

// Composition root of the desktop app: the only mutable state is here.
let workspace: Workspace | null = null;
let win: BrowserWindow | null = null;

const mainDir = path.dirname(fileURLToPath(import.meta.url));

function cataloguePathFromArgs(): string {
  const i = process.argv.indexOf('--db');
  if (i > 0 && process.argv[i + 1]) return path.resolve(process.argv[i + 1]);
  const dir = app.getPath('userData');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, 'catalogue.sqlite');
}

function windowTitle(): string {
  const status = workspace?.status();
  if (!status) return 'Canting';
  return status.kind === 'local' ? `Canting — ${path.basename(status.path)}` : `Canting — ${status.username} @ ${new URL(status.url).host}`;
}

async function openCatalogue(file: string): Promise<void> {
  const wasRemote = workspace?.status()?.kind === 'remote';
  await workspace!.openLocal(file);
  win?.setTitle(windowTitle());
  // Coming back from a server: the page starts afresh (who is signed in, what they may do).
  if (wasRemote) win?.webContents.reload();
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
  const userData = app.getPath('userData');
  const recent = new RecentServers(path.join(userData, 'recent-servers.json'));
  workspace = new Workspace({
    // Packaged apps ship models as extra resources beside the asar (see electron-builder.yml).
    openLocal: (file) => createAppContext(file, { modelsDir: app.isPackaged ? path.join(process.resourcesPath, 'models') : undefined }),
    closeLocal: closeAppContext,
    // An import cut off by a crash or a closed window goes on where it stopped.
    onLocalOpened: (ctx) => void resumeInterruptedImports(ctx),
    remote: { trusted: new TrustedServers(path.join(userData, 'trusted-servers.json')), recent },
  });
  workspace.onEvent((event) => win?.webContents.send(IPC_EVENT_CHANNEL, event));
  try {
    await workspace.openLocal(cataloguePathFromArgs());
  } catch (err) {
    dialog.showErrorBox('Canting', err instanceof ApiError ? err.message : String(err));
    app.exit(1);
    return;
  }
  registerApi(workspace);
  registerRemote(workspace, recent, () => {
    win?.setTitle(windowTitle());
    // The page starts afresh on the server's catalogue: asks who is signed in and what they may do.
    win?.webContents.reload();
  });
  Menu.setApplicationMenu(
    buildMenu({
      openCatalogue: () => void pickAndOpen(false),
      newCatalogue: () => void pickAndOpen(true),
      openServer: () => win?.webContents.send(IPC_REMOTE.showConnect),
    }),
  );
  win = createMainWindow(preloadPathFrom(mainDir), windowTitle());
  win.on('closed', () => (win = null));
});

app.on('window-all-closed', () => app.quit());
app.on('will-quit', (event) => {
  if (!workspace) return;
  event.preventDefault();
  const closing = workspace;
  workspace = null;
  void closing.close().finally(() => app.quit());
});
