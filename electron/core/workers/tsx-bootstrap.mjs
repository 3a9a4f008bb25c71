// Used only when running from TypeScript source (tests): registers tsx in
// this worker thread, then loads the real worker module given as argv.
import { register } from 'tsx/esm/api';

register();
await import(process.argv[process.argv.length - 1]);
