import { Command } from 'commander';
import { APP_VERSION } from '../core/app/paths.js';
import { reportCliError } from './context.js';
import { registerServe } from './commands/serve.js';

const program = new Command();
program
  .name('canting')
  .description('Canting — cataloguing workstation for batik archives')
  .version(APP_VERSION)
  .showHelpAfterError();

registerServe(program);

program.parseAsync(process.argv).catch(reportCliError);
