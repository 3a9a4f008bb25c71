import type { Command } from 'commander';

/** `canting bench learn` (npm run bench:learn): prints one JSON object as its last line. */
export function registerLearnBench(bench: Command): void {
  void bench;
}
