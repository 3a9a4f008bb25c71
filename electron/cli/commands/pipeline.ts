import type { Command } from 'commander';
import type { PipelineInfo, PipelineSwitch, PipelinesList } from '../../common/contract/index.js';
import { call } from '../call.js';
import { withContext } from '../context.js';

const pct = (v: number | null) => (v === null ? 'not measured' : `${(v * 100).toFixed(1)} %`);

function duration(seconds: number | null): string {
  if (seconds === null) return 'time unknown until a run of it is measured here';
  if (seconds < 120) return `about ${seconds} s at the speed measured here`;
  return `about ${Math.round(seconds / 60)} min at the speed measured here`;
}

function line(p: PipelineInfo): string {
  const m = p.measured;
  const speed = m
    ? `${m.imagesPerSecond} images/s here (median of ${m.runs} run(s); last ${m.measuredAt.slice(0, 16).replace('T', ' ')} UTC, ${m.images} images, ${m.workers} worker(s), ${m.backend})`
    : 'speed not measured here yet';
  return [
    `${p.active ? '*' : ' '} ${p.id}`,
    `    ${p.name}${p.isDefault ? ' (default)' : ''}: block-CV ${pct(p.blockCvAccuracy)}, cost ×${p.relativeCost ?? '?'} MobileNetV2, ${speed}`,
    `    memory: ${p.memory ?? 'not measured'}; ${p.fineTune ? 'head training and fine-tuning' : 'head training only (no fine-tuning)'}; ${p.withoutFeatures} image(s) without its features`,
  ].join('\n');
}

function describeList(l: PipelinesList): string {
  const heads = l.heads.map((h) => `  ${h.facet}: ${h.version} ${h.matches ? 'matches' : `was trained on ${h.pipeline ?? 'an earlier release'}: retrain before classifying`}`);
  return [...l.pipelines.map(line), `Accuracy: ${l.source}`, ...(heads.length ? ['Active heads:', ...heads] : [])].join('\n') + '\n';
}

function describeSwitch(s: PipelineSwitch): string {
  if (!s.changed) return `The catalogue already uses ${s.pipeline}; nothing changed\n`;
  const out = [
    s.dryRun ? `Dry run: nothing was changed. Switching to ${s.pipeline} (now ${s.previous}) would do this:` : `The catalogue now uses ${s.pipeline} (was ${s.previous}).`,
    `Kept: ${s.keptVectors} vector(s) of the previous pipeline and every version trained on it (switch back to use them again).`,
    s.toCompute ? `To compute: the features of ${s.toCompute} image(s) (canting features, or classify), ${duration(s.estimatedSeconds)}.` : 'Every image already has its features.',
  ];
  for (const h of s.toRetrain) out.push(`To retrain: facet ${h.facet} (active ${h.version} reads the previous pipeline; classifying it is refused until then): canting train --facet ${h.facet}`);
  return `${out.join('\n')}\n`;
}

/**
 * `canting pipeline`: the catalogue's feature pipeline (which backbone
 * computes the features everything reads), through the same calls as the
 * Models panel. `use` takes an id or an unambiguous start of one ("inception").
 */
export function registerPipeline(program: Command): void {
  const pipeline = program.command('pipeline').description("List or switch the catalogue's feature pipeline (MobileNetV2 by default; InceptionV3 is more accurate and slower)");
  pipeline
    .command('list')
    .option('--db <file>', 'catalogue file (default: the app-data catalogue)')
    .option('--json', 'print the list as one JSON line')
    .action(async (opts: { db?: string; json?: boolean }) => {
      await withContext(opts.db, async (ctx) => {
        const list = await call(ctx, 'pipelines.list', {});
        process.stdout.write(opts.json ? `${JSON.stringify(list)}\n` : describeList(list));
      });
    });
  pipeline
    .command('use <id>')
    .description('Switch the pipeline (refused while a job runs); says what must be computed and retrained')
    .option('--db <file>', 'catalogue file (default: the app-data catalogue)')
    .option('--dry-run', 'only say what switching would do; change nothing')
    .option('--json', 'print the result as one JSON line')
    .action(async (id: string, opts: { db?: string; json?: boolean; dryRun?: boolean }) => {
      await withContext(opts.db, async (ctx) => {
        const { pipelines } = await call(ctx, 'pipelines.list', {});
        const starts = pipelines.filter((p) => p.id.startsWith(id));
        // An exact id always wins; a unique start is a convenience; anything else goes to the call, which names the known ids.
        const chosen = pipelines.some((p) => p.id === id) ? id : starts.length === 1 ? starts[0].id : id;
        const result = await call(ctx, 'pipelines.use', { id: chosen, ...(opts.dryRun ? { dryRun: true } : {}) });
        process.stdout.write(opts.json ? `${JSON.stringify(result)}\n` : describeSwitch(result));
      });
    });
}
