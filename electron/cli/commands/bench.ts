import type { Command } from 'commander';
import { registerImportBench } from '../bench/import.js';
import { registerClassifyBench } from '../bench/classify.js';
import { registerGridBench } from '../bench/grid.js';
import { registerLearnBench } from '../bench/learn.js';
import { registerFineTuneBench } from '../bench/finetune.js';
import { registerFeaturesBench } from '../bench/features.js';
import { registerAssistBench } from '../bench/assist.js';
import { registerAccuracyBench } from '../bench/accuracy.js';
import { registerTeamBench } from '../bench/team.js';
import { registerDistributedBench } from '../bench/distributed.js';

/** Benchmarks (npm run bench:*). Each prints one JSON object as its last line. */
export function registerBench(program: Command): void {
  const bench = program.command('bench').description('Benchmarks: each prints its measurements as one JSON line');
  registerImportBench(bench);
  registerClassifyBench(bench);
  registerGridBench(bench);
  registerLearnBench(bench);
  registerFineTuneBench(bench);
  registerFeaturesBench(bench);
  registerAssistBench(bench);
  registerAccuracyBench(bench);
  registerTeamBench(bench);
  registerDistributedBench(bench);
}
