// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { Role } from '../../../electron/common/contract/index.js';
import { allowedCalls } from '../../../electron/common/contract/permissions.js';
import { ClientContext } from '../../../renderer/src/api/context.js';
import { deniedReason } from '../../../renderer/src/components/permissions.js';
import { CurrentFacetContext } from '../../../renderer/src/components/currentFacet.js';
import { initI18n } from '../../../renderer/src/i18n/index.js';
import { ReviewWorkspace } from '../../../renderer/src/features/review/ReviewWorkspace.js';
import { TeamContext, type Me } from '../../../renderer/src/features/team/team.js';
import { ValidationPanel } from '../../../renderer/src/features/validation/ValidationPanel.js';
import { answeringClient } from '../fakeClient.js';
import { fakeApi } from './fakeApi.js';
import { MOTIF_AND_TEMA, fakeWorkspacePageEachTest } from './setup.js';

fakeWorkspacePageEachTest();

/** Signed in with a role, holding exactly the calls the server's permission table gives it (as auth.me answers). */
const signedIn = (role: Role): Me => ({ team: true, user: { id: 3, username: 'u', displayName: 'U', role }, allowed: allowedCalls(role) });

function inTeam(me: Me | null, node: ReactNode) {
  return (
    <I18nextProvider i18n={initI18n('id')}>
      <TeamContext.Provider value={{ me, signOut: async () => {} }}>{node}</TeamContext.Provider>
    </I18nextProvider>
  );
}

async function workspace(me: Me | null) {
  const fake = fakeApi(6);
  render(inTeam(me, <ReviewWorkspace api={fake.api} facets={MOTIF_AND_TEMA} facet="motif" />));
  await screen.findAllByTestId('grid-cell');
  return fake;
}

/** Select everything (reading is allowed to all), so the bulk decision controls show. */
async function selectAll() {
  fireEvent.click(screen.getByTestId('select-all'));
  await screen.findByTestId('selected-count');
}

const DECISION_CONTROLS = ['bulk-label', 'bulk-validate', 'bulk-reject', 'undo', 'redo'];

describe('what a role may do, from one place', () => {
  const t = initI18n('id').t;
  it('names the role and who may instead; the catalogue owner (no signed-in user) may do everything', () => {
    expect(deniedReason(signedIn('viewer'), 'decide', t)).toBe('Peran Anda (Pengamat) tidak dapat memutuskan label; itu tugas validator, pakar atau admin');
    expect(deniedReason(signedIn('validator'), 'decide', t)).toBeUndefined();
    expect(deniedReason(signedIn('validator'), 'resolve', t)).toBe('Peran Anda (Validator) tidak dapat menyelesaikan perselisihan; hanya pakar atau admin');
    expect(deniedReason(signedIn('archivist'), 'knowledge', t)).toContain('Arsiparis');
    expect(deniedReason(signedIn('expert'), 'resolve', t)).toBeUndefined();
    expect(deniedReason(signedIn('expert'), 'knowledge', t)).toBeUndefined();
    expect(deniedReason(null, 'resolve', t)).toBeUndefined();
    expect(deniedReason({ team: false, user: null, allowed: [] }, 'decide', t)).toBeUndefined();
    expect(deniedReason(signedIn('viewer'), 'decide', initI18n('en').t)).toBe('Your role (Viewer) cannot decide labels; validators, experts or admins do');
  });
});

describe('review screen by role', () => {
  it('greys out every decision control for a viewer, each saying why; notes and knowledge cannot be edited', async () => {
    await workspace(signedIn('viewer'));
    await selectAll();
    for (const id of DECISION_CONTROLS) {
      const control = screen.getByTestId(id) as HTMLButtonElement;
      expect(control.disabled, id).toBe(true);
      expect(control.title, id).toContain('Peran Anda (Pengamat) tidak dapat memutuskan label');
    }
    fireEvent.keyDown(window, { key: ' ' });
    const note = (await screen.findByTestId('note')) as HTMLTextAreaElement;
    expect(note.readOnly).toBe(true);
    expect(note.title).toContain('tidak dapat menulis catatan');
    expect((screen.getByTestId('save-note') as HTMLButtonElement).disabled).toBe(true);
    const edit = (await screen.findByTestId('knowledge-edit')) as HTMLButtonElement;
    expect(edit.disabled).toBe(true);
    expect(edit.title).toContain('tidak dapat mengubah kartu pengetahuan');
  });

  it('lets a validator decide (no reason shown) but not edit knowledge cards', async () => {
    const fake = await workspace(signedIn('validator'));
    await selectAll();
    for (const id of ['bulk-label', 'bulk-validate', 'bulk-reject']) {
      expect((screen.getByTestId(id) as HTMLButtonElement).disabled, id).toBe(false);
      expect(screen.getByTestId(id).title, id).toBe('');
    }
    fireEvent.click(screen.getByTestId('bulk-validate'));
    await waitFor(() => expect((screen.getByTestId('undo') as HTMLButtonElement).disabled).toBe(false));
    expect(fake.calls.some((c) => c.name === 'decide')).toBe(true);
    fireEvent.keyDown(window, { key: ' ' });
    expect(((await screen.findByTestId('knowledge-edit')) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('note') as HTMLTextAreaElement).readOnly).toBe(false);
  });

  it('leaves everything usable on the single-seat catalogue (the owner)', async () => {
    await workspace(null);
    await selectAll();
    for (const id of ['bulk-label', 'bulk-validate', 'bulk-reject']) expect((screen.getByTestId(id) as HTMLButtonElement).disabled, id).toBe(false);
    fireEvent.keyDown(window, { key: ' ' });
    expect(((await screen.findByTestId('knowledge-edit')) as HTMLButtonElement).disabled).toBe(false);
  });
});

describe('layered validation screen by role', () => {
  const labels = [
    { id: 5, key: 'kawung', name: 'Kawung', position: 1 },
    { id: 7, key: 'parang', name: 'Parang', position: 3 },
  ];
  const item = { id: 11, fileName: 'a-kawung.jpg', hasThumbnail: false, status: 'disputed', label: null, labelName: null, confidence: 0.9, uncertainty: 0.1, revision: 2 };
  const vote = (actor: string, label: string) => ({ actor, userId: null, kind: 'vote', outcome: 'label', label, hidden: false, at: 't' });
  const none = { items: 0, agreed: 0, percentAgreement: null, kappa: null };
  const client = (over: Parameters<typeof answeringClient>[0] = {}) =>
    answeringClient({
      'facet.list': () => [{ id: 2, key: 'motif', nameId: 'Motif', nameEn: 'Motif', labels, activeModel: 'v1' }],
      'validation.policies': () => [{ facet: 'motif', requiredValidations: 2, blind: false }],
      'review.query': () => ({ total: 1, items: [item], counts: null }),
      'validation.votes': () => ({ status: 'disputed', round: 1, votes: [vote('Ayu', 'kawung'), vote('Budi', 'parang')] }),
      'validation.agreement': () => ({ facet: 'motif', requiredValidations: 2, overall: none, pairs: [], openDisputes: 1 }),
      'queue.list': () => [],
      ...over,
    });
  const show = (me: Me, c = client()) =>
    render(
      inTeam(
        me,
        <ClientContext.Provider value={c.client}>
          <CurrentFacetContext.Provider value="motif">
            <ValidationPanel />
          </CurrentFacetContext.Provider>
        </ClientContext.Provider>,
      ),
    );

  it('a validator sees the dispute but cannot resolve it, change the rule or hand out queues, and is told why', async () => {
    show(signedIn('validator'));
    const row = await screen.findByTestId('dispute-row');
    for (const b of [within(row).getByTestId('resolve-parang'), within(row).getByTestId('resolve-reject')]) {
      expect((b as HTMLButtonElement).disabled).toBe(true);
      expect(b.title).toBe('Peran Anda (Validator) tidak dapat menyelesaikan perselisihan; hanya pakar atau admin');
    }
    expect((await screen.findByTestId('validation-required') as HTMLSelectElement).disabled).toBe(true);
    expect(screen.getByTestId('validation-required').title).toContain('tidak dapat mengubah aturan validasi');
    expect((screen.getByTestId('assign-form') as HTMLFieldSetElement).disabled).toBe(true);
  });

  it('an expert may resolve the dispute', async () => {
    show(signedIn('expert'));
    const row = await screen.findByTestId('dispute-row');
    expect((within(row).getByTestId('resolve-parang') as HTMLButtonElement).disabled).toBe(false);
  });

  it('an archivist hands a queue to a validator picked by name from the team, not typed', async () => {
    const c = client({
      'users.validators': () => [
        { username: 'ayu', displayName: 'Ayu Lestari', role: 'validator' },
        { username: 'dewi', displayName: 'Dewi Sartika', role: 'expert' },
      ],
      'queue.assign': () => ({ id: 1 }),
    });
    show(signedIn('archivist'), c);
    const pick = (await screen.findByTestId('assignee')) as HTMLSelectElement;
    expect([...pick.options].map((o) => o.textContent)).toEqual(['Validator…', 'Ayu Lestari (Validator)', 'Dewi Sartika (Pakar)']);
    fireEvent.change(pick, { target: { value: 'dewi' } });
    fireEvent.change(screen.getByPlaceholderText('Folder'), { target: { value: '2019/kawung' } });
    fireEvent.submit(pick.closest('form')!);
    await waitFor(() => expect(c.calls.find((x) => x.name === 'queue.assign')?.input).toEqual({ facet: 'motif', assignee: 'dewi', folder: '2019/kawung' }));
  });
});
