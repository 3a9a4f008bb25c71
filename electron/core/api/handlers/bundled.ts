import type { bundledCalls } from '../../../common/contract/bundled.js';
import type { HandlerTable } from '../types.js';

export const bundledHandlers: HandlerTable<keyof typeof bundledCalls> = {
  // Registered once when the catalogue was opened (app/create.ts): this only reports what came of it.
  'models.bundled': (_input, ctx) => ctx.bundledModels,
};
