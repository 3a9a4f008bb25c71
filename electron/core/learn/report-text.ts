/**
 * The evaluation report's wording in the archive's two languages. The core
 * has no i18n library (it runs in the CLI and workers too), and the report is
 * one self-contained page, so its few dozen phrases live here, one function
 * per phrase with its values, checked by the compiler to exist in both.
 */
import type { ModelSource } from '../models/store.js';

export type ReportLanguage = 'id' | 'en';

/** A moment as people read it in the report's language (local time), not an ISO stamp. */
const moment = (locale: string) => (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }).format(d);
};
const day = (locale: string) => (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(d);
};

const id = {
  title: (version: string) => `Laporan evaluasi — ${version}`,
  facet: 'Faset',
  source: 'sumber',
  sources: { trained: 'dilatih di katalog ini', bundled: 'bawaan Canting', imported: 'diimpor dari folder model' } as Record<ModelSource, string>,
  moment: moment('id-ID'),
  day: day('id-ID'),
  trainedDataset: (facet: string) => `label yang ditinjau (dikoreksi atau divalidasi) pada faset "${facet}" di katalog ini`,
  trainedSplit: (trainPct: number, validationPct: number, seed: number, train: number, validation: number) =>
    `bertingkat ${trainPct}/${validationPct}, kelompok gambar yang nyaris sama tetap bersama, seed ${seed}: ${train} gambar latih, ${validation} gambar validasi`,
  heldOutSplit: (n: number) => `bagian validasi yang disisihkan (${n} gambar)`,
  created: 'dibuat',
  active: 'model aktif',
  notActive: 'tidak aktif',
  backbone: 'backbone',
  generated: 'laporan dibuat',
  by: 'oleh',
  trainingData: 'Data pelatihan',
  images: (n: number) => `<b>${n}</b> gambar`,
  label: 'label',
  imagesColumn: 'gambar',
  validators: 'Validator',
  dated: (from: string, to: string) => `Label bertanggal ${from} sampai ${to}.`,
  split: 'Pembagian data',
  metrics: 'Metrik',
  noMetrics: 'Versi ini tidak membawa metrik.',
  validationAccuracy: 'Akurasi validasi',
  score: (correct: number, n: number, low: string, high: string) => `${correct} dari ${n} gambar, interval 95% ${low}–${high}`,
  evaluationSet: 'Set evaluasi',
  evaluationSetNote: 'gambar tinjauan yang tidak pernah dipakai untuk pelatihan; setiap versi faset ini diukur pada gambar yang sama',
  untested: 'belum teruji: belum ada gambar set evaluasi untuk mengukurnya',
  trainingAccuracy: 'akurasi pelatihan',
  measuredOn: 'diukur pada',
  precision: 'presisi',
  recall: 'recall',
  f1: 'F1',
  confusion: 'Matriks kebingungan',
  confusionCorner: 'sebenarnya ↓ / prediksi →',
  mistakes: 'Contoh kesalahan',
  noThumbnail: '(tanpa gambar mini)',
  predicted: 'prediksi',
  trueLabel: (label: string, n: number) => `Label sebenarnya: ${label} — ${n} kesalahan`,
  misclassified: (wrong: number, of: number) => `${wrong} dari ${of} gambar yang disisihkan salah diklasifikasikan (menurut label saat ini).`,
  heldOutElsewhere:
    'Versi ini dilatih di katalog lain dan tidak mencatat isi gambar yang disisihkannya di sana, sehingga gambar itu tidak dapat dikenali di sini dan kesalahannya tidak dapat ditampilkan.',
  heldOutUnknown: 'Versi ini tidak mencatat gambar mana yang disisihkannya, sehingga kesalahannya tidak dapat ditampilkan.',
  heldOutAbsent: 'Tidak satu pun gambar yang disisihkan versi ini untuk validasi ada di katalog ini dengan label tinjauan, sehingga kesalahannya tidak dapat ditampilkan di sini.',
  agreement: 'Kesepakatan antarvalidator',
  agreementNone: 'Belum ada gambar yang divalidasi oleh dua orang untuk faset ini, sehingga kesepakatan belum dapat dihitung.',
  agreementIntro: (required: number) =>
    `Faset ini mensyaratkan ${required} validasi per label. Tiap baris: dua validator, jumlah gambar yang keduanya putuskan, berapa yang sama, persentase kesepakatan, dan kappa Cohen (kesepakatan di atas kebetulan).`,
  agreementPair: 'validator',
  agreementItems: 'gambar',
  agreementAgreed: 'sepakat',
  agreementPercent: 'kesepakatan',
  agreementKappa: 'kappa Cohen',
  agreementOverall: 'semua pasangan',
  agreementDisputes: (n: number) => `${n} gambar masih diperselisihkan dan menunggu keputusan ahli.`,
  signOff: 'Pengesahan validator',
  signOffText: 'Dengan menandatangani, validator menyatakan telah membaca laporan ini dan setuju (atau tidak) model ini dipakai untuk memberi label awal pada arsip.',
  name: 'nama',
  decision: 'keputusan (setuju / tolak)',
  signature: 'tanda tangan',
  date: 'tanggal',
  pageTitle: (version: string) => `${version} — laporan evaluasi`,
};

const en: typeof id = {
  title: (version) => `Evaluation report — ${version}`,
  facet: 'Facet',
  source: 'source',
  sources: { trained: 'trained in this catalogue', bundled: 'shipped with Canting', imported: 'imported from a model folder' },
  moment: moment('en-GB'),
  day: day('en-GB'),
  trainedDataset: (facet) => `reviewed labels (corrected or validated) of facet "${facet}" in this catalogue`,
  trainedSplit: (trainPct, validationPct, seed, train, validation) =>
    `stratified ${trainPct}/${validationPct}, near-duplicate groups kept together, seed ${seed}: ${train} training, ${validation} validation images`,
  heldOutSplit: (n) => `held-out validation split (${n} images)`,
  created: 'created',
  active: 'active model',
  notActive: 'not active',
  backbone: 'backbone',
  generated: 'report generated',
  by: 'by',
  trainingData: 'Training data',
  images: (n) => `<b>${n}</b> images`,
  label: 'label',
  imagesColumn: 'images',
  validators: 'Validators',
  dated: (from, to) => `Labels dated ${from} to ${to}.`,
  split: 'Split',
  metrics: 'Metrics',
  noMetrics: 'This version carries no metrics.',
  validationAccuracy: 'Validation accuracy',
  score: (correct, n, low, high) => `${correct} of ${n} images, 95% interval ${low}–${high}`,
  evaluationSet: 'Evaluation set',
  evaluationSetNote: "reviewed images kept apart from all training; every version of this facet is measured on the same images",
  untested: 'untested: no image of the evaluation set to measure it on',
  trainingAccuracy: 'training accuracy',
  measuredOn: 'measured on',
  precision: 'precision',
  recall: 'recall',
  f1: 'F1',
  confusion: 'Confusion matrix',
  confusionCorner: 'true ↓ / predicted →',
  mistakes: 'Examples of mistakes',
  noThumbnail: '(no thumbnail)',
  predicted: 'predicted',
  trueLabel: (label, n) => `True label: ${label} — ${n} mistake(s)`,
  misclassified: (wrong, of) => `${wrong} of ${of} held-out images are misclassified (labels as they are today).`,
  heldOutElsewhere:
    'This version was trained in another catalogue and did not record the content of the images it held out there, so they cannot be identified here and its mistakes cannot be shown.',
  heldOutUnknown: 'This version did not record which images it held out, so its mistakes cannot be shown.',
  heldOutAbsent: 'None of the images this version held out for validation is in this catalogue with a reviewed label, so its mistakes cannot be shown here.',
  agreement: 'Agreement between validators',
  agreementNone: 'No image of this facet has been validated by two people yet, so agreement cannot be computed.',
  agreementIntro: (required: number) =>
    `This facet requires ${required} validation(s) per label. Each row: two validators, the images both decided, how many the same, percent agreement, and Cohen’s kappa (agreement beyond chance).`,
  agreementPair: 'validators',
  agreementItems: 'images',
  agreementAgreed: 'agreed',
  agreementPercent: 'agreement',
  agreementKappa: 'Cohen’s kappa',
  agreementOverall: 'all pairs',
  agreementDisputes: (n: number) => `${n} image(s) are still disputed, awaiting an expert’s decision.`,
  signOff: 'Validators’ sign-off',
  signOffText: 'By signing, a validator confirms they have read this report and agree (or not) that this model may be used to pre-label the archive.',
  name: 'name',
  decision: 'decision (approve / reject)',
  signature: 'signature',
  date: 'date',
  pageTitle: (version) => `${version} — evaluation report`,
};

export type ReportText = typeof id;

export function reportText(language: ReportLanguage): ReportText {
  return language === 'id' ? id : en;
}
