import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { createClient } from './api/client.js';
import { remoteBridge } from './api/remote.js';
import { ClientContext } from './api/context.js';
import { errorLocaliser, initI18n } from './i18n/index.js';
import { App } from './App.js';
import { TeamGate } from './features/team/TeamGate.js';
import { RemoteGate } from './features/remote/RemoteGate.js';
import './styles.css';

// Composition root of the renderer.
const i18n = initI18n((localStorage.getItem('canting.language') as 'id' | 'en' | null) ?? 'id');
// The desktop app asks main first whether the window is on a server catalogue (then local paths mean nothing there).
const remote = remoteBridge();
void (remote ? remote.status().then((s) => s?.kind === 'remote', () => false) : Promise.resolve(false)).then((onServer) => {
  const client = createClient(errorLocaliser(i18n), onServer);
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <ClientContext.Provider value={client}>
          <RemoteGate>
            <TeamGate>
              <App />
            </TeamGate>
          </RemoteGate>
        </ClientContext.Provider>
      </I18nextProvider>
    </StrictMode>,
  );
});
