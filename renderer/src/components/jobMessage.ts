import type { i18n as I18n } from 'i18next';
import type { JobStatus } from '../../../electron/common/contract/index.js';
import { localised } from '../i18n/index.js';

/**
 * A job's message in the interface language where it has a wording (the
 * core names it in `messageKey`: a key of `jobMessages` while the job runs,
 * of `apiErrors` once it failed), else as the core wrote it, in English.
 */
export function jobMessage(job: Pick<JobStatus, 'state' | 'message' | 'messageKey' | 'params'>, i18n: I18n): string | null {
  return localised(i18n, job.state === 'running' ? 'jobMessages' : 'apiErrors', job.messageKey, job.params) ?? job.message;
}
