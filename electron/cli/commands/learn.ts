import type { Command } from 'commander';

/** CLI commands of the learn area. */
export function registerLearn(program: Command): void {
  void program;
}
