// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import type { WorkerInfo } from '../../../electron/common/contract/index.js';
import { ClientContext } from '../../../renderer/src/api/context.js';
import { initI18n } from '../../../renderer/src/i18n/index.js';
import { QueueWorkers } from '../../../renderer/src/components/QueueWorkers.js';
import { answeringClient, type Answers } from '../fakeClient.js';

afterEach(cleanup);

const worker = (over: Partial<WorkerInfo>): WorkerInfo => ({
  name: 'scan-2:4411',
  host: 'scan-2',
  pid: 4411,
  username: 'worker1',
  version: '1.0.0',
  pipelines: ['p'],
  concurrency: 1,
  startedAt: '2026-12-03T05:00:00.000Z',
  lastSeenAt: '2026-12-03T05:10:00.000Z',
  jobsDone: 12,
  imagesDone: 96,
  imagesPerSecond: 7.25,
  state: 'working',
  busy: true,
  ...over,
});

function show(answers: Answers, lng: 'id' | 'en' = 'id') {
  const { client, calls } = answeringClient(answers);
  const i18n = initI18n(lng);
  render(
    <I18nextProvider i18n={i18n}>
      <ClientContext.Provider value={client}>
        <QueueWorkers />
      </ClientContext.Provider>
    </I18nextProvider>,
  );
  return calls;
}

describe('QueueWorkers', () => {
  it('lists the workers with jobs done, images per second and state, in Indonesian', async () => {
    show({
      'jobQueue.status': () => ({ enabled: true, waiting: 5, active: 2 }),
      'workers.list': () => [worker({}), worker({ name: 'scan-3:1', host: 'scan-3', jobsDone: 3, imagesPerSecond: 0, state: 'lost' })],
    });
    const rows = await screen.findAllByTestId('queue-worker');
    expect(rows.map((r) => r.textContent)).toEqual([expect.stringMatching(/^scan-212 ?7,3.*bekerja$/), expect.stringMatching(/^scan-33 ?0.*tidak merespons/)]);
    // last seen with its date, not only a time
    expect(rows[0].textContent).toContain(new Date('2026-12-03T05:10:00.000Z').toLocaleString('id-ID', { dateStyle: 'long', timeStyle: 'short' }));
    expect(rows[0].textContent).toContain('Desember 2026');
    expect(screen.getByTestId('queue-depth').textContent).toBe('5 kelompok menunggu, 2 sedang dikerjakan');
  });

  it('shows a connected worker with no job running as idle, not working (English)', async () => {
    show(
      {
        'jobQueue.status': () => ({ enabled: true, waiting: 0, active: 0 }),
        'workers.list': () => [worker({ busy: false, imagesPerSecond: 0 }), worker({ name: 'scan-4:2', host: 'scan-4' })],
      },
      'en',
    );
    const rows = await screen.findAllByTestId('queue-worker');
    expect(rows[0].textContent).toMatch(/idle \(waiting for work\)$/);
    expect(rows[0].textContent).not.toContain('working');
    expect(rows[1].textContent).toMatch(/working$/);
  });

  it('says when no worker has checked in yet (English)', async () => {
    show({ 'jobQueue.status': () => ({ enabled: true, waiting: 3, active: 0 }), 'workers.list': () => [] }, 'en');
    expect((await screen.findByTestId('queue-no-workers')).textContent).toMatch(/canting worker/);
  });

  it('shows nothing, and asks for no workers, when the server runs without a queue', async () => {
    const calls = show({ 'jobQueue.status': () => ({ enabled: false, waiting: 0, active: 0 }) });
    await waitFor(() => expect(calls.map((c) => c.name)).toContain('jobQueue.status'));
    expect(screen.queryByTestId('queue-workers')).toBeNull();
    expect(calls.map((c) => c.name)).not.toContain('workers.list');
  });
});
