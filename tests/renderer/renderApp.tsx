import { render } from '@testing-library/react';
import type { Client } from '../../renderer/src/api/client.js';
import { ClientContext } from '../../renderer/src/api/context.js';
import { App } from '../../renderer/src/App.js';
import { withI18n } from './review/setup.js';

/** The whole app over a fake client, in Bahasa Indonesia unless told. */
export function renderApp(client: Client, language: 'id' | 'en' = 'id') {
  return render(
    withI18n(
      <ClientContext.Provider value={client}>
        <App />
      </ClientContext.Provider>,
      language,
    ),
  );
}
