import { describe, expect, it } from 'vitest';
import { CantingEvent, exportOfFormat, JOB_RESULTS, jobResult, JobKind, JobStatus, startingJob, type JobResults } from '../../electron/common/contract/index.js';
import { SAMPLE_RESULTS, sampleResult } from '../helpers/job-results.js';

const finished = <K extends JobKind>(kind: K, result: unknown) => ({ ...startingJob(`${kind}-1`, kind, kind), state: 'done', finishedAt: '2026-01-01T00:00:01.000Z', result });

describe('job results typed per kind', () => {
  it('declares a result for every job kind, and a status of each kind carries its own result whole', () => {
    expect(Object.keys(JOB_RESULTS).sort()).toEqual([...JobKind.options].sort());
    for (const kind of JobKind.options) {
      const status = finished(kind, sampleResult(kind));
      // Parsing is what dispatch does to jobs.list: nothing of the result may be lost on the way.
      expect(JobStatus.parse(status)).toEqual(status);
      expect(CantingEvent.parse({ type: 'job', job: status })).toEqual({ type: 'job', job: status });
    }
  });

  it("refuses a job whose result is another kind's", () => {
    const wrong = JobStatus.safeParse(finished('train', SAMPLE_RESULTS.export));
    expect(wrong.success).toBe(false);
    expect(JobStatus.safeParse(finished('import', SAMPLE_RESULTS.classify)).success).toBe(false);
    expect(JobStatus.safeParse(finished('export', SAMPLE_RESULTS.import)).success).toBe(false);
    expect(JobStatus.safeParse({ ...finished('export', SAMPLE_RESULTS.export), kind: 'archive' }).success).toBe(false);
  });

  it('keeps the wire format: a running job has no result, and the fields every reader knew stay', () => {
    const running = startingJob('import-1', 'import', 'Import arsip');
    expect(JobStatus.parse(running)).toEqual(running);
    expect(Object.keys(running).sort()).toEqual(['done', 'etaSeconds', 'failed', 'finishedAt', 'found', 'id', 'kind', 'message', 'ratePerSecond', 'skipped', 'startedAt', 'state', 'title']);
  });

  it('tells the exports apart by their format', () => {
    const iiif: JobResults['export'] = { format: 'iiif', out: '/tmp/iiif', baseUrl: 'https://museum.example/iiif', manifests: 2, collections: 2, skipped: [] };
    expect(JobStatus.parse(finished('export', iiif))).toMatchObject({ result: iiif });
    // An IIIF result without its manifests is not an IIIF result.
    expect(JobStatus.safeParse(finished('export', { ...iiif, manifests: undefined })).success).toBe(false);
    expect(exportOfFormat(iiif, 'iiif').manifests).toBe(2);
    expect(() => exportOfFormat(iiif, 'csv', 'json')).toThrow('Expected a csv or json export, got iiif');
  });

  it("reads a job's result only once it is done, and only as its kind", () => {
    const done = JobStatus.parse(finished('prune', sampleResult('prune')));
    expect(jobResult(done, 'prune')?.vectors).toBe(2);
    expect(jobResult(done, 'train')).toBeUndefined();
    expect(jobResult({ ...done, state: 'cancelled' }, 'prune')).toBeUndefined();
    expect(jobResult(startingJob('prune-2', 'prune', 'Delete'), 'prune')).toBeUndefined();
    expect(jobResult(null, 'prune')).toBeUndefined();
  });
});
