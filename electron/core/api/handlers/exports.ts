import { exportsCalls } from '../../../common/contract/exports.js';
import type { HandlerTable } from '../types.js';

export const exportsHandlers: HandlerTable<keyof typeof exportsCalls> = {};
