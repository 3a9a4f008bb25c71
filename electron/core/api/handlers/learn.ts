import { learnCalls } from '../../../common/contract/learn.js';
import type { HandlerTable } from '../types.js';

export const learnHandlers: HandlerTable<keyof typeof learnCalls> = {};
