import type { Command } from 'commander';

/** `canting bench import` (npm run bench:import): prints one JSON object as its last line. */
export function registerImportBench(bench: Command): void {
  void bench;
}
