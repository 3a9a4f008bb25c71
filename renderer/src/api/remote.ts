import type { RemoteBridge } from '../../../electron/common/remote.js';
import type { PreloadBridge } from '../../../electron/common/shell.js';

/** The desktop app's server connection (main holds it); null in a browser, where the page is served by the server itself. */
export function remoteBridge(): RemoteBridge | null {
  return (window as unknown as { canting?: PreloadBridge }).canting?.remote ?? null;
}
