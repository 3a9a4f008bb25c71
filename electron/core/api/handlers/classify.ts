import { classifyCalls } from '../../../common/contract/classify.js';
import type { HandlerTable } from '../types.js';

export const classifyHandlers: HandlerTable<keyof typeof classifyCalls> = {};
