import { reviewCalls } from '../../../common/contract/review.js';
import { ApiError } from '../../../common/errors.js';
import type { HandlerTable } from '../types.js';

// Temporary: the contract is published first so the review UI can be built
// against it; each call answers `unsupported` until its implementation lands.
const notYet = (): never => {
  throw new ApiError('unsupported', 'This review call is not implemented yet');
};

export const reviewHandlers: HandlerTable<keyof typeof reviewCalls> = {
  'review.query': notYet,
  'review.counts': notYet,
  'review.ids': notYet,
  'review.decide': notYet,
  'review.undo': notYet,
  'review.redo': notYet,
  'review.history': notYet,
  'review.setNote': notYet,
  'review.roots': notYet,
  'review.modelVersions': notYet,
  'image.thumbnail': notYet,
  'image.full': notYet,
  'image.detail': notYet,
  'knowledge.list': notYet,
  'knowledge.get': notYet,
  'knowledge.edit': notYet,
  'knowledge.history': notYet,
};
