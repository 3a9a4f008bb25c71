// The first model's state per open catalogue, apart from the workflow
// (first-model.ts) so that app/context.ts can hold it without importing a
// module that takes the context: no import cycle.

/** How an automatic run ended: the version it activated, or why it did not. */
export interface FirstModelOutcome {
  version: string | null;
  error: string | null;
}

interface Run {
  phase: 'training' | 'predicting';
  jobId: string;
}

/**
 * The automatic runs of one open catalogue (kept in its AppContext): which
 * facet is training or predicting, and the last failure per facet with the
 * number of reviewed examples it had, so a run that failed (or was
 * cancelled) is not retried on every click, only once more labels came in.
 */
export class FirstModelRuns {
  readonly running = new Map<string, Run>();
  readonly failed = new Map<string, { reviewed: number; message: string }>();
  /** The latest run of each facet, to the end (never rejects): a caller that must not exit under it (the CLI after a decision) waits for it. */
  readonly outcomes = new Map<string, Promise<FirstModelOutcome>>();
}
