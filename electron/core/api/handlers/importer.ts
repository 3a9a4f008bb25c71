import { importerCalls } from '../../../common/contract/importer.js';
import type { HandlerTable } from '../types.js';

export const importerHandlers: HandlerTable<keyof typeof importerCalls> = {};
