import type { Command } from 'commander';

/** CLI commands of the bench area. */
export function registerBench(program: Command): void {
  void program;
}
