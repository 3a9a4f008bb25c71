import { ApiError } from '../../../electron/common/errors.js';
import type { Client } from './client.js';

/**
 * A client whose calls that sign the audit trail (a decision, an undo, a note, a knowledge edit)
 * ask for the validator's name the first time one is refused for want of it, then go on with the
 * name given. So the name is asked when it is first needed, not in front of every screen at start.
 * `ask` resolves false when the user declines; the call then fails with the core's own error.
 */
export function askingForValidator(client: Client, ask: () => Promise<boolean>): Client {
  return {
    ...client,
    async call(name, input) {
      try {
        return await client.call(name, input);
      } catch (err) {
        if (!(err instanceof ApiError && err.messageKey === 'validatorMissing') || !(await ask())) throw err;
        return client.call(name, input);
      }
    },
  };
}
