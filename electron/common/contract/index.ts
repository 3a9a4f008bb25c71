import type { z } from 'zod';
import { catalogueCalls } from './catalogue.js';
import { importerCalls } from './importer.js';
import { classifyCalls } from './classify.js';
import { reviewCalls } from './review.js';
import { imagesCalls } from './images.js';
import { knowledgeCalls } from './knowledge.js';
import { exportsCalls } from './exports.js';
import { learnCalls } from './learn.js';
import { metadataCalls } from './metadata.js';
import { teamCalls } from './team.js';
import { validationCalls } from './validation.js';
import { pipelinesCalls } from './pipelines.js';
import { jobsCalls } from './jobs.js';
import { bundledCalls } from './bundled.js';
import { rolesCalls } from './roles.js';
import { workersCalls } from './workers.js';
import { jobQueueCalls } from './job-queue.js';

export * from './shared.js';
export * from './catalogue.js';
export * from './importer.js';
export * from './classify.js';
export * from './review.js';
export * from './images.js';
export * from './knowledge.js';
export * from './exports.js';
export * from './learn.js';
export * from './metadata.js';
export * from './team.js';
export * from './validation.js';
export * from './pipelines.js';
export * from './jobs.js';
export * from './bundled.js';
export * from './roles.js';
export * from './workers.js';
export * from './job-queue.js';
export type { CallSpec } from './define.js';

/**
 * The whole API of the workstation. Every transport (Electron IPC, loopback
 * HTTP) and every client (preload, renderer, tests) is derived from this one
 * table, so a call cannot exist in one place and not in another.
 */
export const contract = {
  ...catalogueCalls,
  ...importerCalls,
  ...classifyCalls,
  ...reviewCalls,
  ...imagesCalls,
  ...knowledgeCalls,
  ...exportsCalls,
  ...learnCalls,
  ...metadataCalls,
  ...teamCalls,
  ...validationCalls,
  ...pipelinesCalls,
  ...jobsCalls,
  ...bundledCalls,
  ...rolesCalls,
  ...workersCalls,
  ...jobQueueCalls,
};

export type Contract = typeof contract;
export type CallName = keyof Contract;
export type CallInput<N extends CallName> = z.input<Contract[N]['input']>;
export type ParsedInput<N extends CallName> = z.output<Contract[N]['input']>;
export type CallOutput<N extends CallName> = z.output<Contract[N]['output']>;

export const CALL_NAMES = Object.keys(contract) as CallName[];

export function isCallName(name: string): name is CallName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** Typed client surface, shared by preload and renderer. */
export type CantingApi = {
  [N in CallName]: (input: CallInput<N>) => Promise<CallOutput<N>>;
};
