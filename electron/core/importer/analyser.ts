import type { AnalyseResult, AnalyseTask } from './analyse.js';

/**
 * What analyses files for an import: the local ImportPool (worker threads),
 * or the job queue's workers (core/queue/remote-analyser.ts) when the server
 * runs with `--queue`.
 */
export interface Analyser {
  /** Parallel analysers; the import keeps four files per analyser in flight. */
  readonly size: number;
  run(task: AnalyseTask): Promise<AnalyseResult>;
  close(): Promise<void>;
}

/** The app context's remote compute, as the importer sees it (absent: local threads, as without --queue). */
export interface AnalyserSource {
  analyser(spec: { runId: string; importJobId: number; signal: AbortSignal }): Analyser;
}
