import { describe, expect, it } from 'vitest';
import { jobMessage } from '../../../renderer/src/components/jobMessage.js';
import { initI18n } from '../../../renderer/src/i18n/index.js';

describe('a job’s message in the interface language', () => {
  it('words a running step and a failure the core named, and keeps the English of one it did not', async () => {
    const i18n = initI18n('id');
    expect(jobMessage({ state: 'running', message: 'augmenting 24/492', messageKey: 'augmenting', params: { done: 24, total: 492 } }, i18n)).toBe(
      'Membuat tampilan augmentasi 24/492',
    );
    expect(
      jobMessage({ state: 'failed', message: 'The disk holding the catalogue is full…', messageKey: 'importDiskFull', params: { kept: 120 } }, i18n),
    ).toContain('120 gambar tersimpan');
    expect(jobMessage({ state: 'cancelled', message: 'Cancelled by the user', messageKey: 'cancelled', params: {} }, i18n)).toBe('Dibatalkan oleh pengguna');
    expect(jobMessage({ state: 'running', message: 'epoch 3/40 · loss 0.5', messageKey: undefined }, i18n)).toBe('epoch 3/40 · loss 0.5');
    expect(jobMessage({ state: 'running', message: 'x', messageKey: 'notAKeyYet', params: {} }, i18n)).toBe('x');
    await i18n.changeLanguage('en');
    expect(jobMessage({ state: 'running', message: 'training', messageKey: 'training', params: {} }, i18n)).toBe('Training…');
  });
});
