import type { CallName } from '../../../common/contract/index.js';
import type { HandlerTable } from '../types.js';
import { catalogueHandlers } from './catalogue.js';
import { importerHandlers } from './importer.js';
import { classifyHandlers } from './classify.js';
import { reviewHandlers } from './review.js';
import { exportsHandlers } from './exports.js';
import { learnHandlers } from './learn.js';
import { metadataHandlers } from './metadata.js';
import { teamHandlers } from './team.js';
import { validationHandlers } from './validation.js';
import { pipelinesHandlers } from './pipelines.js';
import { jobsHandlers } from './jobs.js';
import { bundledHandlers } from './bundled.js';
import { rolesHandlers } from './roles.js';
import { workersHandlers } from './workers.js';
import { jobQueueHandlers } from './job-queue.js';

/** The one handler table. Both transports serve exactly this. */
export const handlers: HandlerTable<CallName> = {
  ...catalogueHandlers,
  ...importerHandlers,
  ...classifyHandlers,
  ...reviewHandlers,
  ...exportsHandlers,
  ...learnHandlers,
  ...metadataHandlers,
  ...teamHandlers,
  ...validationHandlers,
  ...pipelinesHandlers,
  ...jobsHandlers,
  ...bundledHandlers,
  ...rolesHandlers,
  ...workersHandlers,
  ...jobQueueHandlers,
};
