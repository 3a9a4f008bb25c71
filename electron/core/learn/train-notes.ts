import type { TrainNote } from '../../common/contract/index.js';

/** A training note: its English wording and its key + params for the interface (contract TrainNote). */
export function trainNote(message: string, messageKey: string, params: TrainNote['params'] = {}): TrainNote {
  return { message, messageKey, params };
}
