// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import type { BundledModelsState } from '../../../electron/common/contract/index.js';
import { ClientContext } from '../../../renderer/src/api/context.js';
import { BundledModelsBanner } from '../../../renderer/src/features/learn/BundledModelsBanner.js';
import { answeringClient } from '../fakeClient.js';
import { withI18n } from '../review/setup.js';

afterEach(cleanup);

const damaged: BundledModelsState = {
  added: [],
  problem: {
    message: 'The model shipped with Canting in models/motif is damaged …',
    messageKey: 'damaged',
    params: { name: 'motif', reason: 'Model folder models/motif has no weights file weights.bin (named in model.json)' },
  },
};

function show(state: BundledModelsState, language: 'id' | 'en') {
  const fake = answeringClient({ 'models.bundled': () => state });
  render(withI18n(<ClientContext.Provider value={fake.client}><p>grid</p><BundledModelsBanner /></ClientContext.Provider>, language));
  return fake;
}

describe('the shipped-models banner', () => {
  it('says in Indonesian which shipped model is damaged, why, and what to do', async () => {
    show(damaged, 'id');
    const banner = await screen.findByTestId('bundled-problem');
    expect(banner.getAttribute('role')).toBe('alert');
    expect(banner.textContent).toBe(
      'Model bawaan Canting di models/motif rusak dan tidak didaftarkan (Model folder models/motif has no weights file weights.bin (named in model.json)). ' +
        'Pasang ulang Canting untuk memulihkannya; model yang Anda latih atau impor tidak terpengaruh.',
    );
  });

  it('says in English that the shipped models are missing', async () => {
    show({ added: [], problem: { message: 'missing', messageKey: 'missing', params: {} } }, 'en');
    expect((await screen.findByTestId('bundled-problem')).textContent).toMatch(/^The models shipped with Canting are missing from this installation.*train or import one/);
  });

  it('shows nothing when the shipped models are fine', async () => {
    const fake = show({ added: ['motif-irina4-v3'], problem: null }, 'en');
    await waitFor(() => expect(fake.calls.map((c) => c.name)).toEqual(['models.bundled']));
    expect(screen.queryByTestId('bundled-problem')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
