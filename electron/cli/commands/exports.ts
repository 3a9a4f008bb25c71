import type { Command } from 'commander';

/** CLI commands of the exports area. */
export function registerExports(program: Command): void {
  void program;
}
