import type { Command } from 'commander';

/** `canting bench classify` (npm run bench:classify): prints one JSON object as its last line. */
export function registerClassifyBench(bench: Command): void {
  void bench;
}
