import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobQueueStatus, WorkerInfo } from '../../../electron/common/contract/index.js';
import { useClient } from '../api/context.js';
import { fullDate, numberText } from '../i18n/numbers.js';

const POLL_MS = 2000;

/**
 * The job queue's workers (`canting serve --queue`, issue #20): host, jobs
 * done, images per second, last seen, and how many batches wait. Shows
 * nothing when the server runs its work on its own threads.
 */
export function QueueWorkers() {
  const client = useClient();
  const { t, i18n } = useTranslation();
  const [queue, setQueue] = useState<JobQueueStatus | null>(null);
  const [workers, setWorkers] = useState<WorkerInfo[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stopped = false;
    const poll = async () => {
      try {
        const q = await client.call('jobQueue.status', {});
        const list = q.enabled ? await client.call('workers.list', {}) : [];
        if (stopped) return;
        setQueue(q);
        setWorkers(list);
        setError(null);
      } catch (err) {
        if (!stopped) setError((err as Error).message);
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [client]);

  if (!queue?.enabled) return null;
  return (
    <section className="queue-workers" data-testid="queue-workers" aria-labelledby="queue-workers-title">
      <h4 id="queue-workers-title">{t('queue.title')}</h4>
      <p data-testid="queue-depth">{t('queue.depth', { waiting: queue.waiting, active: queue.active })}</p>
      {workers.length === 0 ? (
        <p data-testid="queue-no-workers">{t('queue.noWorkers')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t('queue.host')}</th>
              <th>{t('queue.jobsDone')}</th>
              <th>{t('queue.imagesPerSecond')}</th>
              <th>{t('queue.lastSeen')}</th>
              <th>{t('queue.state')}</th>
            </tr>
          </thead>
          <tbody>
            {workers.map((w) => (
              <tr key={w.name} data-testid="queue-worker">
                <td title={w.name}>{w.host}</td>
                <td>{w.jobsDone}</td>
                <td>{numberText(w.imagesPerSecond, i18n.language)}</td>
                {/* A full date: a worker last seen yesterday must not look like one seen today. */}
                <td>{fullDate(w.lastSeenAt, i18n.language)}</td>
                {/* Connected but with no job running: ready, not "working". */}
                <td>{t(`queue.states.${w.state === 'working' && !w.busy ? 'idle' : w.state}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </section>
  );
}
