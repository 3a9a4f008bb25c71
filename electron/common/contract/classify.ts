import { z } from 'zod';
import { call } from './define.js';
import { Empty, FacetKey, Id, Workers } from './shared.js';

const EngineName = z.enum(['onnxruntime', 'tensorflow', 'wasm', 'cpu']);

export const BackendInfo = z.object({
  name: EngineName,
  detail: z.string(),
  /** Why each better engine was not used ("engine: reason"), in the order tried. */
  skipped: z.array(z.string()),
  /** The engines tried for the catalogue's pipeline, best first (onnxruntime only where the pipeline has an ONNX path). */
  order: z.array(EngineName),
});
export type BackendInfo = z.infer<typeof BackendInfo>;

export const ModelInfo = z.object({
  id: z.number().int(),
  facet: z.string(),
  version: z.string(),
  source: z.enum(['bundled', 'trained', 'imported']),
  backbone: z.string(),
  /** The feature pipeline its head reads (as ModelVersion.pipeline); null for features of an earlier release. */
  pipeline: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** Whether that is the catalogue's pipeline now (otherwise classifying with it is refused). */
  pipelineIsCurrent: z.boolean(),
  labels: z.array(z.string()),
  active: z.boolean(),
  createdAt: z.string(),
  accuracy: z.number().nullable(),
});
export type ModelInfo = z.infer<typeof ModelInfo>;

export const ClassifyStatus = z.object({
  facet: z.string(),
  /** The active model's version, or null when the facet has none. */
  modelVersion: z.string().nullable(),
  /** Set when the facet cannot be classified yet, e.g. "no model for tema yet; …". */
  unavailable: z.string().nullable(),
  images: z.number().int(),
  /** Images with a prediction from the active model. */
  predicted: z.number().int(),
});
export type ClassifyStatus = z.infer<typeof ClassifyStatus>;

export const StaleBackbone = z.object({ backbone: z.string(), vectors: z.number().int(), bytes: z.number().int() });

/** Embeddings cached under backbone ids this release no longer computes, in all and per backbone. */
export const StaleEmbeddings = z.object({
  backbones: z.array(StaleBackbone),
  vectors: z.number().int(),
  bytes: z.number().int(),
  /** The catalogue's size on disk (compacting needs up to twice this much free space), or null where it cannot be read. */
  catalogueBytes: z.number().int().nullable(),
});
export type StaleEmbeddings = z.infer<typeof StaleEmbeddings>;

/** What a finished embeddings.prune job returns (JobStatus.result). */
export const PrunedEmbeddings = z.object({
  backbones: z.array(StaleBackbone),
  vectors: z.number().int(),
  bytes: z.number().int(),
  vacuumed: z.boolean(),
  fileBytesBefore: z.number().int().nullable(),
  fileBytesAfter: z.number().int().nullable(),
});
export type PrunedEmbeddings = z.infer<typeof PrunedEmbeddings>;

/** Images a job could not read: all counted in `failed`, the first ones reported. */
const FileFailures = {
  failed: z.number().int(),
  errors: z.array(z.object({ imageId: z.number().int(), path: z.string(), message: z.string() })),
};

/** What a finished classify job returns (JobStatus.result). */
export const ClassifyJobResult = z.object({
  facet: z.string(),
  modelId: z.number().int(),
  modelVersion: z.string(),
  /** The TensorFlow.js backend the workers ran on (null: every vector came from the cache). */
  backend: z.string().nullable(),
  /** Images this run set out to classify. */
  total: z.number().int(),
  classified: z.number().int(),
  /** Of those, how many had a cached embedding (no backbone work). */
  fromCache: z.number().int(),
  ...FileFailures,
});
export type ClassifyJobResult = z.infer<typeof ClassifyJobResult>;

/** What a finished features job (classify.features) returns (JobStatus.result). */
export const FeaturesJobResult = z.object({
  total: z.number().int(),
  computed: z.number().int(),
  ...FileFailures,
});
export type FeaturesJobResult = z.infer<typeof FeaturesJobResult>;

export const classifyCalls = {
  'classify.start': call(
    z
      .object({
        facet: FacetKey,
        /** A selection; absent = the whole catalogue. */
        imageIds: z.array(Id).min(1).max(1_000_000).optional(),
        /** Resume: skip images the active model already classified. */
        onlyUnpredicted: z.boolean().optional(),
        workers: Workers.optional(),
      })
      .strict(),
    z.object({ jobId: z.string(), total: z.number().int(), modelVersion: z.string() }),
    'Classify images with the active model of a facet, as a job (cancel with jobs.cancel; resume with onlyUnpredicted)',
  ),
  'classify.features': call(
    z.object({ workers: Workers.optional() }).strict(),
    z.object({ jobId: z.string(), total: z.number().int() }),
    'Compute the backbone features of every image that has none yet, without any model (a new facet needs them before anything can be suggested or trained), as a job',
  ),
  'classify.status': call(z.object({ facet: FacetKey }).strict(), ClassifyStatus, 'Active model and progress of classification for a facet'),
  'classify.backend': call(Empty, BackendInfo, "The engine the catalogue's pipeline runs on (onnxruntime, tensorflow, wasm or cpu), the order engines are tried in and why better ones were skipped"),
  'models.list': call(z.object({ facet: FacetKey.optional() }).strict(), z.array(ModelInfo), 'Classifier heads in the catalogue'),
  'embeddings.stale': call(
    Empty,
    StaleEmbeddings,
    'Cached embeddings of backbones this release no longer computes: only comparisons and reports of versions trained on them read them',
  ),
  'embeddings.prune': call(
    z
      .object({
        /** Also rewrite the catalogue so the file shrinks; needs free disk space up to twice the catalogue's size. */
        vacuum: z.boolean().optional(),
      })
      .strict(),
    z.object({ jobId: z.string(), total: z.number().int(), vacuum: z.boolean() }),
    'Delete the embeddings of backbones this release no longer computes, as a job on a worker thread (progress: vectors deleted of total, then compacting; cancel stops between chunks, keeping those deleted), optionally compacting the file; the result (PrunedEmbeddings) says what was removed and the file size before and after',
  ),
};
