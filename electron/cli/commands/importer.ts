import type { Command } from 'commander';

/** CLI commands of the importer area. */
export function registerImporter(program: Command): void {
  void program;
}
