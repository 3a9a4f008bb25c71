import { reviewCalls } from '../../../common/contract/review.js';
import type { HandlerTable } from '../types.js';

export const reviewHandlers: HandlerTable<keyof typeof reviewCalls> = {};
