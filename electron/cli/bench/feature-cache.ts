import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BACKBONE_ID } from '../../core/classify/backbone-info.js';
import type { LabelledFile } from '../../core/classify/labelled-folder.js';
import { EnginePool, pipelined } from '../../core/classify/pool.js';
import { augmentedBatch } from '../../core/learn/augment.js';

/**
 * Backbone features of a labelled folder for the learning benchmarks,
 * computed once per file, view and output and kept on disk (.bench/learn/),
 * so reruns only measure learning. `output` 'top-input' gives block 16's
 * 7×7×320 map (fine-tuning) instead of the embedding. `backboneId` names the
 * backbone definition (backbones/definitions.ts; default MobileNetV2's).
 */

function cacheKey(file: string, view: number, output: string, backboneId: string): string {
  const st = fs.statSync(file);
  const what = output === 'embedding' ? `${backboneId}|${view}` : `${backboneId}|${output}|${view}`;
  return crypto.createHash('sha1').update(`${what}|${path.basename(file)}|${st.size}`).digest('hex');
}

/** file → [view 0, ...views] features. */
export async function benchFeatures(
  files: LabelledFile[],
  views: number[],
  cacheDir: string,
  log: (s: string) => void,
  opts: { workers?: number; output?: 'embedding' | 'top-input'; backboneId?: string } = {},
): Promise<Map<string, Float32Array[]>> {
  const output = opts.output ?? 'embedding';
  const backboneId = opts.backboneId ?? BACKBONE_ID;
  fs.mkdirSync(cacheDir, { recursive: true });
  const out = new Map<string, Float32Array[]>(files.map((f) => [f.file, []]));
  const todo: { file: string; view: number }[] = [];
  for (const f of files) {
    for (const view of [0, ...views]) {
      const c = path.join(cacheDir, `${cacheKey(f.file, view, output, backboneId)}.f32`);
      if (fs.existsSync(c)) {
        const b = fs.readFileSync(c);
        out.get(f.file)![view] = new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
      } else todo.push({ file: f.file, view });
    }
  }
  log(`${backboneId} ${output}: ${files.length * (1 + views.length) - todo.length} cached, ${todo.length} to compute`);
  if (!todo.length) return out;
  const pool = await EnginePool.start({ workers: opts.workers, output: output === 'top-input' ? 'top-input' : undefined, backboneId });
  log(`backbone on ${pool.backend.detail}, ${pool.size} worker(s)`);
  const t0 = Date.now();
  let done = 0;
  const store = (t: { file: string; view: number }, v: Float32Array) => {
    const copy = Float32Array.from(v);
    out.get(t.file)![t.view] = copy;
    fs.writeFileSync(path.join(cacheDir, `${cacheKey(t.file, t.view, output, backboneId)}.f32`), Buffer.from(copy.buffer));
    if (++done % 100 === 0) log(`  ${done}/${todo.length} (${(done / ((Date.now() - t0) / 1000)).toFixed(1)} images/s)`);
  };
  try {
    const plain = todo.filter((t) => t.view === 0);
    await pipelined(plain.map((t, key) => ({ key, path: t.file })), 8, pool.size * 2, (b) => pool.embedFiles(b), (r) => {
      for (const e of r.errors) throw new Error(`${plain[e.key].file}: ${e.message}`);
      for (const [key, v] of r.vectors) store(plain[key], v);
    });
    const augmented = todo.filter((t) => t.view > 0);
    await pipelined(
      Array.from({ length: Math.ceil(augmented.length / 8) }, (_, i) => augmented.slice(i * 8, i * 8 + 8)),
      1,
      pool.size * 2,
      async ([batch]) => {
        const made = await augmentedBatch(batch);
        for (const f of made.failed) throw new Error(`${batch[f.index].file}: ${f.message}`);
        return { batch, vectors: await pool.embedPixels(made.pixels, batch.length) };
      },
      (r) => r.batch.forEach((t, i) => store(t, r.vectors.subarray(i * pool.dim, (i + 1) * pool.dim))),
    );
  } finally {
    await pool.close();
  }
  log(`computed ${todo.length} views in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return out;
}
