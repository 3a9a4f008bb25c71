import { Command } from 'commander';
import { APP_VERSION } from '../core/app/paths.js';
import { reportCliError } from './context.js';
import { registerServe } from './commands/serve.js';
import { registerImporter } from './commands/importer.js';
import { registerClassify } from './commands/classify.js';
import { registerFeatures } from './commands/features.js';
import { registerFacets } from './commands/facets.js';
import { registerExports } from './commands/exports.js';
import { registerLearn } from './commands/learn.js';
import { registerReview } from './commands/review.js';
import { registerBench } from './commands/bench.js';
import { registerMetadata } from './commands/metadata.js';
import { registerTeam } from './commands/team.js';
import { registerValidation } from './commands/validation.js';
import { registerPipeline } from './commands/pipeline.js';
import { registerWorker } from './commands/worker.js';

const program = new Command();
program
  .name('canting')
  .description('Canting — cataloguing workstation for batik archives')
  .version(APP_VERSION)
  .showHelpAfterError();

registerServe(program);
registerImporter(program);
registerClassify(program);
registerFeatures(program);
registerFacets(program);
registerReview(program);
registerExports(program);
registerLearn(program);
registerBench(program);
registerMetadata(program);
registerTeam(program);
registerValidation(program);
registerPipeline(program);
registerWorker(program);

program.parseAsync(process.argv).catch(reportCliError);
