import type { Command } from 'commander';

/** CLI commands of the review area. */
export function registerReview(program: Command): void {
  void program;
}
