import os from 'node:os';
import path from 'node:path';

/**
 * Where the default catalogue lives when the user has not picked one: the
 * OS's per-user application-data folder (the same one Electron's
 * app.getPath('userData') gives for an app named Canting).
 */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.CANTING_HOME) return env.CANTING_HOME;
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Canting');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Canting');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Canting');
}

export function defaultCataloguePath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(userDataDir(env), 'catalogue.sqlite');
}
