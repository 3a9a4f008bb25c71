import type { CantingEvent } from '../../electron/common/contract/index.js';
import type { Client } from '../../renderer/src/api/client.js';

export type Answers = Record<string, (input: Record<string, unknown>) => unknown>;

/**
 * A renderer client answering from `answers` (a call it lacks fails, naming
 * it), recording every call, with `emit` to push events as the core would.
 */
export function answeringClient(answers: Answers) {
  const listeners = new Set<(e: CantingEvent) => void>();
  const calls: { name: string; input: Record<string, unknown> }[] = [];
  const client = {
    transport: 'http',
    shell: null,
    call: async (name: string, input: Record<string, unknown>) => {
      calls.push({ name, input });
      if (!answers[name]) throw new Error(`not in this fake: ${name}`);
      return answers[name](input);
    },
    onEvent: (l: (e: CantingEvent) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  } as unknown as Client;
  return { client, calls, emit: (e: CantingEvent) => [...listeners].forEach((l) => l(e)) };
}
