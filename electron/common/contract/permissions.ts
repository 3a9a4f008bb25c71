import type { CallName } from './index.js';
import type { Role } from './team.js';

/**
 * Which roles of a team catalogue may make each call: the one table, enforced
 * in dispatch for every transport. A `Record` over every call name, so a new
 * call without an entry does not compile. Admin may do everything; the
 * catalogue's owner (a 'local' caller: single-seat desktop, CLI with file
 * access) is not checked at all.
 */
const EVERYONE: readonly Role[] = ['admin', 'archivist', 'validator', 'expert', 'viewer', 'worker'];
/** Reading the catalogue: every person (not the reserved worker role). */
const READERS: readonly Role[] = ['admin', 'archivist', 'validator', 'expert', 'viewer'];
/** Import, classify, export, facets. */
const ARCHIVISTS: readonly Role[] = ['admin', 'archivist'];
/** Review decisions and notes. */
const VALIDATORS: readonly Role[] = ['admin', 'validator', 'expert'];
/** Resolving disputes and editing knowledge cards. */
const EXPERTS: readonly Role[] = ['admin', 'expert'];
/** Accounts, settings, activating models. */
const ADMINS: readonly Role[] = ['admin'];
/** Fetching images (the reserved worker role's one right besides checking in). */
const IMAGE_FETCHERS: readonly Role[] = [...READERS, 'worker'];

/** `canting worker` processes (and admins, who may do everything). */
const WORKERS: readonly Role[] = ['admin', 'worker'];

export const PERMISSIONS: Record<CallName, readonly Role[]> = {
  health: EVERYONE,
  'auth.me': EVERYONE,
  'catalogue.info': READERS,
  'facet.list': READERS,
  'facet.create': ARCHIVISTS,
  'facet.addLabel': ARCHIVISTS,
  'facet.renameLabel': ARCHIVISTS,
  'settings.get': READERS,
  'settings.set': ADMINS,
  'jobs.list': READERS,
  'jobs.cancel': ARCHIVISTS,

  'classify.start': ARCHIVISTS,
  'classify.features': ARCHIVISTS,
  'classify.status': READERS,
  'classify.backend': READERS,
  'models.list': READERS,
  'embeddings.stale': READERS,
  'embeddings.prune': ARCHIVISTS,

  'export.csv': ARCHIVISTS,
  'export.json': ARCHIVISTS,
  'export.csvContent': ARCHIVISTS,
  'export.jsonContent': ARCHIVISTS,
  'export.training': ARCHIVISTS,
  'export.iiif': ARCHIVISTS,
  // Labels into the photos' files and the archive's spreadsheets in: catalogue work, as imports are.
  'export.xmp': ARCHIVISTS,
  'metadata.preview': ARCHIVISTS,
  'metadata.import': ARCHIVISTS,
  'metadata.undo': ARCHIVISTS,

  'import.start': ARCHIVISTS,
  'import.resume': ARCHIVISTS,
  'import.jobs': READERS,
  'import.errors': READERS,
  'import.roots': READERS,
  'import.relink': ARCHIVISTS,

  'learn.train': ARCHIVISTS,
  'registry.versions': READERS,
  'registry.activate': ADMINS,
  'registry.rollback': ADMINS,
  'registry.compare': READERS,
  'registry.evaluation': READERS,
  'registry.activationCheck': READERS,
  'registry.export': ARCHIVISTS,
  'registry.import': ADMINS,
  'registry.report': READERS,
  'learn.firstModel': READERS,
  'learn.startFirstModel': ARCHIVISTS,
  'learn.suggest': READERS,
  'learn.suspects': READERS,
  'learn.similar': READERS,

  'review.query': READERS,
  'review.counts': READERS,
  'review.ids': READERS,
  'review.decide': VALIDATORS,
  'review.undo': VALIDATORS,
  'review.redo': VALIDATORS,
  'review.history': READERS,
  'review.setNote': VALIDATORS,
  'review.folders': READERS,
  'review.locateFolder': READERS,
  'review.modelVersions': READERS,
  'image.thumbnail': IMAGE_FETCHERS,
  'image.full': IMAGE_FETCHERS,
  'image.detail': READERS,
  'knowledge.list': READERS,
  'knowledge.get': READERS,
  'knowledge.edit': EXPERTS,
  'knowledge.history': READERS,

  // Layered validation: the rule per facet is catalogue work (as facets are); only experts settle a dispute.
  'validation.policies': READERS,
  'validation.setPolicy': ARCHIVISTS,
  'validation.resolve': EXPERTS,
  'validation.votes': READERS,
  'validation.agreement': READERS,
  // Work queues: archivists hand out the work; everyone sees progress.
  'queue.assign': ARCHIVISTS,
  'queue.list': READERS,
  'queue.remove': ARCHIVISTS,

  'team.enable': ADMINS,
  'users.list': ADMINS,
  'users.add': ADMINS,
  'users.disable': ADMINS,
  'users.enable': ADMINS,
  'users.setRole': ADMINS,
  'users.resetPassword': ADMINS,
  'sessions.list': ADMINS,
  'sessions.revoke': ADMINS,
  'signIns.list': ADMINS,
  // The catalogue's feature pipeline: everyone sees it; switching is a setting (admins).
  'pipelines.list': READERS,
  'pipelines.use': ADMINS,
  'models.bundled': READERS,
  // Archivists hand out work queues: they may see who decides labels (names only, not the accounts).
  'users.validators': ARCHIVISTS,
  // Queue workers (#20): the worker role checks in, reports and fetches the photos its jobs name; nothing else.
  'worker.hello': WORKERS,
  'worker.heartbeat': WORKERS,
  'worker.bye': WORKERS,
  'worker.file': WORKERS,
  'workers.list': ARCHIVISTS,
  'jobQueue.status': ARCHIVISTS,
};

export function mayCall(role: Role, name: CallName): boolean {
  return PERMISSIONS[name].includes(role);
}

/** The calls a role may make (auth.me hands this to the interface). */
export function allowedCalls(role: Role): CallName[] {
  return (Object.keys(PERMISSIONS) as CallName[]).filter((name) => mayCall(role, name));
}
