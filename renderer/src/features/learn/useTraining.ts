import { useCallback, useEffect, useState } from 'react';
import { jobResult, type EpochLog, type JobStatusOf, type TrainResult } from '../../../../electron/common/contract/index.js';
import { useClient } from '../../api/context.js';
import { useJob } from '../../api/useJob.js';
import { nextHistory } from './trainHistory.js';

export interface Training {
  /** The train job followed: the one started here, or one running when none is (another window, the first model). */
  job: JobStatusOf<'train'> | null;
  running: boolean;
  /** Epochs so far (the finished job's full history once it is done). */
  history: EpochLog[];
  /** The finished job's result. */
  result: TrainResult | undefined;
  augment: boolean;
  setAugment(on: boolean): void;
  fineTune: boolean;
  setFineTune(on: boolean): void;
  /** Fine-tuning is offered where native TensorFlow (tfjs-node) runs it in seconds per epoch. */
  nativeBackend: boolean;
  train(): Promise<void>;
  cancel(): void;
}

/**
 * Training a facet's new version from the Models screen: the options, the
 * start, and the job followed to its end (progress, epochs, result). `facet`
 * changing forgets the previous facet's run; `onEnded` runs when a followed
 * job ends (the versions list changed), `onError` with a refusal (null as
 * training starts: the last refusal no longer applies).
 */
export function useTraining(facet: string, onEnded: () => void, onError: (err: unknown) => void): Training {
  const client = useClient();
  const [history, setHistory] = useState<EpochLog[]>([]);
  const [augment, setAugment] = useState(true);
  const [fineTune, setFineTune] = useState(false);
  const [nativeBackend, setNativeBackend] = useState(false);
  const { job, follow, reset } = useJob('train', {
    adopt: 'idle',
    onStatus: (status) => {
      setHistory((h) => nextHistory(h, status));
      if (status.state !== 'running') onEnded();
    },
  });

  useEffect(() => {
    client.call('classify.backend', {}).then((b) => setNativeBackend(b.name === 'tensorflow'), onError);
    // the backend is asked once; onError only reports
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client]);

  // Another facet: nothing of the previous one's run stays on screen.
  useEffect(() => {
    reset();
    setHistory([]);
  }, [facet, reset]);

  const train = useCallback(async () => {
    onError(null);
    setHistory([]);
    reset();
    try {
      const started = await client.call('learn.train', { facet, augment, ...(nativeBackend && fineTune ? { fineTune: true } : {}) });
      follow(started.jobId);
    } catch (err) {
      onError(err);
    }
  }, [client, facet, augment, nativeBackend, fineTune, follow, reset, onError]);

  const cancel = useCallback(() => {
    if (job) void client.call('jobs.cancel', { id: job.id }).catch(onError);
  }, [client, job, onError]);

  return {
    job,
    running: job?.state === 'running',
    history,
    result: jobResult(job, 'train'),
    augment,
    setAugment,
    fineTune,
    setFineTune,
    nativeBackend,
    train,
    cancel,
  };
}
