import type { Command } from 'commander';

/** CLI commands of the classify area. */
export function registerClassify(program: Command): void {
  void program;
}
