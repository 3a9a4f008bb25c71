import { useEffect, useState, type ReactNode } from 'react';
import { remoteBridge } from '../../api/remote.js';
import { ConnectScreen } from './ConnectScreen.js';

/**
 * The desktop app: shows the server connection screen when the menu asks
 * for it ("Buka katalog tim di server…"), in place of the app until it
 * connects (main then switches the window and reloads the page) or is
 * cancelled. The app underneath stays as it was. In a browser: nothing.
 */
export function RemoteGate({ children }: { children: ReactNode }) {
  const [bridge] = useState(remoteBridge);
  const [open, setOpen] = useState(false);
  useEffect(() => bridge?.onShowConnect(() => setOpen(true)), [bridge]);
  return (
    <>
      {bridge && open && <ConnectScreen bridge={bridge} onCancel={() => setOpen(false)} />}
      {/* display: contents: the wrapper changes no layout; hidden, the app keeps its state underneath. */}
      <div style={{ display: open ? 'none' : 'contents' }}>{children}</div>
    </>
  );
}
