// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { ClientContext } from '../../../renderer/src/api/context.js';
import { CurrentFacetContext } from '../../../renderer/src/components/currentFacet.js';
import { initI18n } from '../../../renderer/src/i18n/index.js';
import { ValidationPanel } from '../../../renderer/src/features/validation/ValidationPanel.js';
import { answeringClient } from '../fakeClient.js';

afterEach(cleanup);

const labels = [
  { id: 5, key: 'kawung', name: 'Kawung', position: 1 },
  { id: 7, key: 'parang', name: 'Parang', position: 3 },
];
const facets = [{ id: 2, key: 'motif', nameId: 'Motif', nameEn: 'Motif', labels, activeModel: 'motif-v1' }];
const item = { id: 11, fileName: 'a-kawung.jpg', hasThumbnail: false, status: 'disputed', label: null, labelName: null, confidence: 0.9, uncertainty: 0.1, revision: 2 };
const vote = (actor: string, label: string | null, hidden = false) => ({ actor, userId: null, kind: 'vote', outcome: 'label', label, hidden, at: 't' });
const counts = { items: 2, agreed: 1, percentAgreement: 0.5, kappa: 0 };

/** The catalogue as the server answers it: motif needs two validations, one dispute (Ayu said kawung, Budi parang). */
function client(over: Record<string, (input: Record<string, unknown>) => unknown> = {}) {
  let disputed = true;
  return answeringClient({
    'facet.list': () => facets,
    'settings.get': () => ({ validator: 'Sari', language: 'id' }),
    'validation.policies': () => [{ facet: 'motif', requiredValidations: 2, blind: false }],
    'review.query': () => ({ total: disputed ? 1 : 0, items: disputed ? [item] : [], counts: null }),
    'validation.votes': () => ({ status: 'disputed', round: 1, votes: [vote('Ayu', 'kawung'), vote('Budi', 'parang')] }),
    'validation.agreement': () => ({ facet: 'motif', requiredValidations: 2, overall: counts, pairs: [{ a: 'Ayu', b: 'Budi', ...counts }], openDisputes: 1 }),
    'queue.list': (i) => (i.assignee ? [] : [{ id: 1, facet: 'motif', assignee: 'Ayu', folder: '2019/kawung', filter: null, createdBy: 'Sari', createdAt: 't', total: 4, done: 1 }]),
    'validation.setPolicy': (i) => ({ facet: 'motif', requiredValidations: i.requiredValidations ?? 2, blind: i.blind ?? false, settled: 0 }),
    'validation.resolve': () => {
      disputed = false;
      return { batchId: 'b', resolved: 1, items: [{ id: 11, status: 'corrected', label: 'parang', revision: 3 }] };
    },
    ...over,
  });
}

function show(c: ReturnType<typeof client>, language: 'id' | 'en' = 'id') {
  render(
    <I18nextProvider i18n={initI18n(language)}>
      <ClientContext.Provider value={c.client}>
        <CurrentFacetContext.Provider value="motif">
          <ValidationPanel />
        </CurrentFacetContext.Provider>
      </ClientContext.Provider>
    </I18nextProvider>,
  );
}

describe('Layered validation panel', () => {
  it('shows the dispute with both votes, resolves it, shows agreement and progress per person — in Indonesian', async () => {
    const c = client();
    show(c);
    const row = await screen.findByTestId('dispute-row');
    expect(row.textContent).toContain('a-kawung.jpg · Suara: Ayu: Kawung, Budi: Parang');
    expect(screen.getByTestId('agreement-table').textContent).toContain('Ayu / Budi2150.0%0.00');
    expect(screen.getByTestId('all-queues').textContent).toContain('1 dari 4 selesai');
    fireEvent.click(within(row).getByTestId('resolve-parang'));
    await waitFor(() => expect(screen.getByTestId('validation-message').textContent).toBe('1 gambar diputuskan'));
    expect(c.calls.find((x) => x.name === 'validation.resolve')!.input).toEqual({ facet: 'motif', ids: [11], action: 'label', label: 'parang' });
    await screen.findByTestId('disputes-none');

    fireEvent.change(screen.getByTestId('validation-required'), { target: { value: '1' } });
    await waitFor(() => expect(c.calls.find((x) => x.name === 'validation.setPolicy')?.input).toEqual({ facet: 'motif', requiredValidations: 1 }));
  });

  it('marks a vote the server hid (blind), and shows a refusal as the server words it', async () => {
    const c = client({
      'validation.votes': () => ({ status: 'awaiting', round: 1, votes: [vote('Ayu', null, true)] }),
      'validation.resolve': () => {
        throw new Error('Sari voted in the dispute over image 11; another expert resolves it');
      },
    });
    show(c, 'en');
    const row = await screen.findByTestId('dispute-row');
    expect(row.textContent).toContain('Ayu: hidden (blind)');
    fireEvent.click(within(row).getByTestId('resolve-reject'));
    expect((await screen.findByTestId('validation-error')).textContent).toBe('Sari voted in the dispute over image 11; another expert resolves it');
  });
});
