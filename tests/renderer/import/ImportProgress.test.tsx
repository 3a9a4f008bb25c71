// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { startingJob, type JobStatus } from '../../../electron/common/contract/index.js';
import { initI18n } from '../../../renderer/src/i18n/index.js';
import { ImportProgress } from '../../../renderer/src/features/import/ImportProgress.js';

afterEach(cleanup);

const importJob = (over: Partial<JobStatus>): JobStatus => ({ ...startingJob('import-1', 'import', 'Import arsip', 124), startedAt: '', ...over }) as JobStatus;

const line = (job: JobStatus) => {
  render(
    <I18nextProvider i18n={initI18n('id')}>
      <ImportProgress job={job} onCancel={() => undefined} />
    </I18nextProvider>,
  );
  const text = screen.getByTestId('import-progress').querySelector('p')!.textContent;
  cleanup();
  return text;
};

describe('the import progress line', () => {
  it('says the speed is being measured until there is one, instead of "0.0 files/s"', () => {
    expect(line(importJob({ done: 1 }))).toBe('mengukur kecepatan…');
    expect(line(importJob({ done: 40, ratePerSecond: 60, etaSeconds: 1.4 }))).toBe('60 berkas/detik · sekitar 1 detik lagi');
    expect(line(importJob({ message: 'scanning', found: 90 }))).toBe('Mencari berkas… 90 ditemukan sejauh ini');
    expect(line(importJob({ state: 'done', done: 122, failed: 2, ratePerSecond: 65.5, etaSeconds: 0 }))).toBe('65,5 berkas/detik · selesai') // Indonesian decimal comma;
  });
});
