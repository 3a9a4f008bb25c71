// Experiment (not part of the app): does self-training on confident predictions help
// active learning reach the all-label accuracy sooner? For each checkpoint, a head is
// trained on the labels, the pool's images it predicts with probability >= TAU are added
// with their predicted label, and a second head is trained on both; each is scored on
// held-out blocks. Active selection is the app's (nextBatch), random is a seeded shuffle.
// Needs `npm run build:node` and ../shared/datasets/batik-irina4; embeddings are cached by
// `npm run bench:learn` in .bench/learn/embeddings (run that first).
// Usage: FOLDS=0,1,2,3,4 SEEDS=1,2,3 CK=50,100,200,300,400 node scripts/experiments/self-training.mjs
// Result in the README (design notes, "What to label next").
import path from 'node:path';
import { readLabelledFolder } from '../../dist/electron/core/classify/labelled-folder.js';
import { blockSplit, MOTIF_LABELS } from '../../dist/electron/core/workflows/train-default.js';
import { benchFeatures } from '../../dist/electron/cli/bench/feature-cache.js';
import { ensureBackend } from '../../dist/electron/core/classify/backend.js';
import { trainHead } from '../../dist/electron/core/learn/train.js';
import { nextBatch } from '../../dist/electron/core/learn/active.js';
import { predictHead } from '../../dist/electron/core/models/head.js';
import { packRows, argmaxRow } from '../../dist/electron/core/learn/vectors.js';
import { seededRandom, shuffled } from '../../dist/electron/core/random.js';
await ensureBackend();
const files = readLabelledFolder(path.resolve('../shared/datasets/batik-irina4'), [...MOTIF_LABELS]);
const log = (s) => console.error(s);
const CK = (process.env.CK ?? '50,100,200,300').split(',').map(Number);
const TAU = +(process.env.TAU ?? 0.9);
const SEEDS = (process.env.SEEDS ?? '1').split(',').map(Number);
const folds = (process.env.FOLDS ?? '-1').split(',').map(Number);
const z = () => CK.map(() => 0);
const tot = { activeSup: z(), activeSt: z(), randomSup: z(), randomSt: z(), all: 0, pseudoAcc: z(), pseudoN: z() };
const div = SEEDS.length * folds.length;
for (const fold of folds) {
  const { train, test } = blockSplit(files, fold < 0 ? new Set([2, 7]) : new Set([fold, fold + 5]));
  const all = [...train, ...test];
  const emb = await benchFeatures(all, [], path.resolve('.bench/learn/embeddings'), () => {});
  const X = train.map((f) => emb.get(f.file)[0]), T = test.map((f) => emb.get(f.file)[0]), dim = X[0].length;
  const TP = packRows(T, dim), XP = packRows(X, dim);
  const fit = (ex) => trainHead(ex, [...MOTIF_LABELS], { seed: 1, minPerLabel: 1, featurePool: X });
  const score = (model) => { const p = predictHead(model, TP, T.length); return test.filter((f, i) => argmaxRow(p, 4, i) === f.label).length / test.length; };
  const run = async (idx, ci, key) => {
    const ex = idx.map((i) => ({ vector: X[i], label: train[i].label, group: null }));
    const r = await fit(ex);
    tot[key + 'Sup'][ci] += score(r.model) / div;
    const p = predictHead(r.model, XP, X.length); r.model.dispose();
    const taken = new Set(idx); const pseudo = [];
    for (let i = 0; i < X.length; i++) {
      if (taken.has(i)) continue;
      const c = argmaxRow(p, 4, i);
      if (p[i * 4 + c] >= TAU) pseudo.push({ i, c });
    }
    if (key === 'random') { tot.pseudoN[ci] += pseudo.length / div; tot.pseudoAcc[ci] += pseudo.filter((q) => train[q.i].label === q.c).length / Math.max(1, pseudo.length) / div; }
    const r2 = await fit([...ex, ...pseudo.map((q) => ({ vector: X[q.i], label: q.c, group: null }))]);
    tot[key + 'St'][ci] += score(r2.model) / div; r2.model.dispose();
  };
  for (const seed of SEEDS) {
    const order = shuffled([...Array(X.length).keys()], seededRandom(1000 + seed));
    for (const [ci, n] of CK.entries()) await run(order.slice(0, n), ci, 'random');
    const lab = [];
    for (const [ci, n] of CK.entries()) {
      while (lab.length < n) {
        const step = lab.length === 0 ? 20 : lab.length < 50 ? 10 : lab.length < 100 ? 25 : 50;
        const taken = new Set(lab); const rest = [...Array(X.length).keys()].filter((i) => !taken.has(i));
        const b = await nextBatch(lab.map((i) => ({ vector: X[i], label: train[i].label, group: null })), rest.map((i) => X[i]), [...MOTIF_LABELS], Math.min(step, n - lab.length), { seed });
        lab.push(...b.indices.map((j) => rest[j]));
      }
      await run([...lab], ci, 'active');
    }
    log(`fold ${fold} seed ${seed} done`);
  }
  const r = await fit(X.map((v, i) => ({ vector: v, label: train[i].label, group: null })));
  tot.all += score(r.model) / folds.length; r.model.dispose();
}
const r = (x) => Math.round(x * 1000) / 10;
console.log(JSON.stringify({ TAU, CK, folds, SEEDS, ...Object.fromEntries(Object.entries(tot).map(([k, v]) => [k, Array.isArray(v) ? v.map((x) => k === 'pseudoN' ? Math.round(x) : r(x)) : r(v)])) }));
