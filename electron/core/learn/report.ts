import type { Database } from 'better-sqlite3';
import { getModel } from '../models/store.js';
import type { ModelRow } from '../models/store.js';
import { heldOutIds, predictReviewed } from './version-scoring.js';
import { versionInfo } from './versions.js';
import { reviewedItems } from './dataset.js';
import { evaluationSet } from './eval-set.js';
import { evaluateVersion } from './evaluation.js';
import { TRAIN_DEFAULTS } from './train.js';
import { scoreOf } from '../../common/interval.js';
import { getFacet } from '../catalogue/facets.js';
import { getSettings } from '../catalogue/settings.js';
import { reportText, type ReportLanguage, type ReportText } from './report-text.js';
import { agreementReport } from '../review/agreement.js';

/**
 * The evaluation report of one model version, for the archive's records and
 * the research team: a self-contained HTML page (thumbnails inline as data
 * URIs, print stylesheet, so "Print → Save as PDF" gives the PDF) with the
 * data summary, held-out metrics, confusion matrix, examples of mistakes
 * per class, and a sign-off section for the validators; in the archive's
 * language (report-text.ts), with labels by their names.
 */

const esc = (s: unknown) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const pct = (x: number | null | undefined) => (typeof x === 'number' ? `${(x * 100).toFixed(1)}%` : '—');

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;color:#222}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #bbb;padding:.25rem .5rem;text-align:right}
th{background:#f3f1ec}td.l,th.l{text-align:left}.diag{background:#e3efe0;font-weight:600}
.mistakes{display:flex;flex-wrap:wrap;gap:.5rem}.mistakes figure{margin:0;width:8.5rem;font-size:12px}
.mistakes img{width:8rem;height:8rem;object-fit:cover;border:1px solid #999}
.sign td{height:2.2rem;min-width:10rem}.muted{color:#666}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}.mistakes figure,table{break-inside:avoid}}
`;

interface Thumb {
  mime: string;
  data: Buffer;
  file_name: string;
}

function thumbnail(db: Database, imageId: number): Thumb | undefined {
  return db
    .prepare('SELECT t.mime, t.data, i.file_name FROM thumbnails t JOIN images i ON i.id = t.image_id WHERE t.image_id = ?')
    .get(imageId) as Thumb | undefined;
}

function confusionTable(names: string[], confusion: number[][], tx: ReportText): string {
  const head = `<tr><th class="l">${tx.confusionCorner}</th>${names.map((l) => `<th>${esc(l)}</th>`).join('')}</tr>`;
  const rows = confusion
    .map((row, i) => `<tr><th class="l">${esc(names[i])}</th>${row.map((n, j) => `<td${i === j ? ' class="diag"' : ''}>${n}</td>`).join('')}</tr>`)
    .join('');
  return `<table>${head}${rows}</table>`;
}

/** Why a version's mistakes cannot be shown: it recorded no validation split, or recorded one in another catalogue (ids name other photos here). */
function noHeldOutNote(m: ModelRow, tx: ReportText): string {
  const recorded = Array.isArray((m.manifest.training as { validationImageIds?: unknown }).validationImageIds);
  return recorded ? tx.heldOutElsewhere : tx.heldOutUnknown;
}

/** A label key's display name in the facet ("megamendung" → "Mega Mendung"); the key itself for a label no longer in it. */
function labelNamer(db: Database, facetKey: string): (key: string) => string {
  const names = new Map(getFacet(db, facetKey).labels.map((l) => [l.key, l.name]));
  return (key) => names.get(key) ?? key;
}

/**
 * The data summary's sentences. A version trained here is described from its recorded numbers in
 * the report's language; another (bundled, imported) by the words its maker wrote in its manifest.
 */
function trainingWords(m: ModelRow, facetName: string, tx: ReportText): { dataset: string; split?: string; evaluatedOn?: string } {
  const t = m.manifest.training as { dataset: string; split?: string; options?: { validationFraction?: number; seed?: number }; imageIds?: unknown[]; validationImageIds?: unknown[] };
  const o = t.options;
  if (m.source !== 'trained' || typeof o?.validationFraction !== 'number' || typeof o.seed !== 'number' || !t.imageIds || !t.validationImageIds) {
    return { dataset: t.dataset, split: t.split, evaluatedOn: m.manifest.metrics?.evaluatedOn };
  }
  const validationPct = Math.round(o.validationFraction * 100);
  return {
    dataset: tx.trainedDataset(facetName),
    split: tx.trainedSplit(100 - validationPct, validationPct, o.seed, t.imageIds.length, t.validationImageIds.length),
    evaluatedOn: tx.heldOutSplit(t.validationImageIds.length),
  };
}

/** Layered validation: how far the people who labelled the facet agree (agreement.ts), so readers can weigh the labels the model learned from. */
function agreementSection(db: Database, facetKey: string, tx: ReportText): string {
  const r = agreementReport(db, facetKey);
  const parts = [`<h2>${tx.agreement}</h2>`];
  if (!r.overall.items) parts.push(`<p class="muted">${esc(tx.agreementNone)}</p>`);
  else {
    parts.push(`<p>${esc(tx.agreementIntro(r.requiredValidations))}</p>`);
    const kappa = (x: number | null) => (x === null ? '—' : x.toFixed(2));
    const row = (who: string, c: typeof r.overall) =>
      `<tr><td class="l">${esc(who)}</td><td>${c.items}</td><td>${c.agreed}</td><td>${pct(c.percentAgreement)}</td><td>${kappa(c.kappa)}</td></tr>`;
    parts.push(
      `<table><tr><th class="l">${tx.agreementPair}</th><th>${tx.agreementItems}</th><th>${tx.agreementAgreed}</th><th>${tx.agreementPercent}</th><th>${tx.agreementKappa}</th></tr>` +
        r.pairs.map((p) => row(`${p.a} / ${p.b}`, p)).join('') +
        row(tx.agreementOverall, r.overall) +
        '</table>',
    );
  }
  if (r.openDisputes) parts.push(`<p>${esc(tx.agreementDisputes(r.openDisputes))}</p>`);
  return parts.join('\n');
}

export async function buildReport(
  db: Database,
  modelId: number,
  /** language: default the catalogue's interface language. */
  opts: { mistakesPerClass?: number; generatedBy?: string; language?: ReportLanguage } = {},
): Promise<string> {
  const m: ModelRow = getModel(db, modelId);
  const info = versionInfo(db, m);
  const metrics = m.manifest.metrics;
  const perMistakes = opts.mistakesPerClass ?? 6;
  // The archive's records are in its interface language unless another is asked for.
  const language = opts.language ?? getSettings(db).language;
  const tx = reportText(language);
  const name = labelNamer(db, m.facetKey);
  const words = trainingWords(m, m.facetKey, tx);
  const parts: string[] = [];
  parts.push(`<h1>${esc(tx.title(m.version))}</h1>`);
  parts.push(
    `<p class="muted">${tx.facet} <b>${esc(m.facetKey)}</b> · ${tx.source}: ${esc(tx.sources[m.source] ?? m.source)} · ${tx.created} ${esc(tx.moment(m.createdAt))} · ${m.active ? `<b>${tx.active}</b>` : tx.notActive} · ${tx.backbone} ${info.pipeline ? `<b>${esc(info.pipeline.name)}</b> (${esc(m.backbone)})` : esc(m.backbone)} · ${tx.generated} ${esc(tx.moment(new Date().toISOString()))}${opts.generatedBy ? ` ${tx.by} ${esc(opts.generatedBy)}` : ''}</p>`,
  );

  // Data summary
  const t = info.training;
  parts.push(`<h2>${tx.trainingData}</h2>`);
  parts.push(`<p>${esc(words.dataset)}: ${tx.images(t.images)}.</p>`);
  parts.push(
    `<table><tr><th class="l">${tx.label}</th><th>${tx.imagesColumn}</th></tr>${Object.entries(t.perLabel)
      .map(([l, n]) => `<tr><td class="l">${esc(name(l))}</td><td>${n}</td></tr>`)
      .join('')}</table>`,
  );
  if (t.validators.length) parts.push(`<p>${tx.validators}: ${t.validators.map((v) => `${esc(v.name)} (${v.count})`).join(', ')}</p>`);
  if (t.dateRange) parts.push(`<p>${esc(tx.dated(tx.day(t.dateRange.from), tx.day(t.dateRange.to)))}</p>`);
  if (words.split) parts.push(`<p>${tx.split}: ${esc(words.split)}</p>`);
  // The training details are technical notes, recorded in English for the research team.
  if (t.notes) parts.push(`<p class="muted" lang="en">${esc(t.notes)}</p>`);

  // Metrics
  parts.push(`<h2>${tx.metrics}</h2>`);
  if (!metrics) parts.push(`<p>${tx.noMetrics}</p>`);
  else {
    const own = scoreOf(metrics.accuracy, metrics.validationImages);
    const ownScore = own?.interval ? ` (${esc(tx.score(own.correct, own.images, pct(own.interval.low), pct(own.interval.high)))})` : '';
    parts.push(
      `<p>${tx.validationAccuracy} <b>${pct(metrics.accuracy)}</b>${ownScore}${info.trainAccuracy !== null ? ` · ${tx.trainingAccuracy} ${pct(info.trainAccuracy)}` : ''}${words.evaluatedOn ? ` · ${tx.measuredOn} ${esc(words.evaluatedOn)}` : ''}</p>`,
    );
    if (metrics.perClass) {
      parts.push(
        `<table><tr><th class="l">${tx.label}</th><th>${tx.precision}</th><th>${tx.recall}</th><th>${tx.f1}</th><th>${tx.imagesColumn}</th></tr>${Object.entries(metrics.perClass)
          .map(([l, c]) => `<tr><td class="l">${esc(name(l))}</td><td>${c.precision.toFixed(3)}</td><td>${c.recall.toFixed(3)}</td><td>${c.f1.toFixed(3)}</td><td>${c.support}</td></tr>`)
          .join('')}</table>`,
      );
    }
    if (metrics.confusion) {
      parts.push(`<h2>${tx.confusion}</h2>`);
      parts.push(confusionTable(m.labels.map(name), metrics.confusion, tx));
    }
  }

  // The figure that compares versions: the facet's evaluation set.
  const evaluation = await evaluateVersion(db, m, evaluationSet(db, m.facetId, TRAIN_DEFAULTS.minPerLabel));
  parts.push(
    `<p>${tx.evaluationSet} (${tx.evaluationSetNote}): ${
      evaluation.interval && evaluation.accuracy !== null
        ? `<b>${pct(evaluation.accuracy)}</b> (${esc(tx.score(evaluation.correct, evaluation.images, pct(evaluation.interval.low), pct(evaluation.interval.high)))})`
        : `<b>${tx.untested}</b>`
    }</p>`,
  );

  // Mistakes on the held-out images, with today's labels.
  parts.push(`<h2>${tx.mistakes}</h2>`);
  const held = heldOutIds(db, m);
  const active = reviewedItems(db, m.facetId).filter((it) => it.labelActive);
  const heldSet = new Set(held ?? []);
  const items = (held ? active.filter((it) => heldSet.has(it.imageId)) : []).map((it) => ({ imageId: it.imageId, label: it.labelKey }));
  if (!held) parts.push(`<p class="muted">${esc(noHeldOutNote(m, tx))}</p>`);
  else if (!items.length) parts.push(`<p class="muted">${esc(tx.heldOutAbsent)}</p>`);
  else {
    const p = await predictReviewed(db, m, items);
    const wrong = p.imageIds.map((id, i) => ({ id, truth: p.truth[i], predicted: p.predicted[i], confidence: p.confidence[i] })).filter((w) => w.truth !== w.predicted);
    parts.push(`<p>${esc(tx.misclassified(wrong.length, p.imageIds.length))}</p>`);
    for (const label of m.labels) {
      const ws = wrong.filter((w) => w.truth === label);
      if (!ws.length) continue;
      const figs = ws.slice(0, perMistakes).map((w) => {
        const th = thumbnail(db, w.id);
        const img = th ? `<img alt="" src="data:${esc(th.mime)};base64,${th.data.toString('base64')}">` : `<div class="muted">${tx.noThumbnail}</div>`;
        return `<figure>${img}<figcaption>${esc(th?.file_name ?? `#${w.id}`)}<br>${tx.predicted} <b>${esc(name(w.predicted))}</b> (${pct(w.confidence)})</figcaption></figure>`;
      });
      parts.push(`<h3>${esc(tx.trueLabel(name(label), ws.length))}</h3><div class="mistakes">${figs.join('')}</div>`);
    }
  }

  parts.push(agreementSection(db, m.facetKey, tx));

  // Sign-off
  parts.push(`<h2>${tx.signOff}</h2>`);
  parts.push(`<p>${tx.signOffText}</p>`);
  const names = t.validators.length ? t.validators.map((v) => v.name) : ['', ''];
  parts.push(
    `<table class="sign"><tr><th class="l">${tx.name}</th><th class="l">${tx.decision}</th><th class="l">${tx.signature}</th><th class="l">${tx.date}</th></tr>${[...names, '']
      .map((n) => `<tr><td class="l">${esc(n)}</td><td></td><td></td><td></td></tr>`)
      .join('')}</table>`,
  );
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${esc(tx.pageTitle(m.version))}</title><style>${CSS}</style></head><body>${parts.join('\n')}</body></html>\n`;
}
