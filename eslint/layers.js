// Who may import whom: the one statement of Canting's layering, as VS Code
// states its own in a lint rule. eslint.config.js turns this table into
// no-restricted-imports patterns, so `npm run lint` (and CI) fails on an
// import the table does not allow. tests/lint/layers.test.ts proves it.
//
// Layers, lowest first: common (the contract, runs anywhere) → core (pure
// Node) → transports (main, preload, server, cli; no rules of their own) →
// renderer (React, speaks to the core only through the contract).

/** Each top-level layer and the layers it may import. */
export const LAYERS = {
  'electron/common': [],
  'electron/core': ['common'],
  'electron/main': ['common', 'core'],
  'electron/preload': ['common'],
  'electron/server': ['common', 'core'],
  'electron/cli': ['common', 'core', 'server'],
};
export const TRANSPORTS = ['main', 'preload', 'server', 'cli'];

/**
 * Inside the core: the folders each folder may import besides its own and
 * app/paths.js (a leaf of constants). `api` and `app` are the composition
 * roots and may use every folder. `workflows` is the one orchestration layer:
 * what spans features (the first model: decision → train → activate →
 * classify; training the shipped default model) lives there, and handlers and
 * the CLI call it. A feature folder may use only the shared folders (SHARED:
 * the catalogue's facts and the plumbing) and the edges below, each argued; "folder/file" allows that one file only.
 * A new sideways import fails lint and has to be argued for here.
 */
export const SHARED = ['catalogue', 'db', 'jobs', 'workers'];
export const CORE = {
  api: '*',
  app: '*',
  db: [],
  jobs: [],
  workers: [],
  catalogue: [], // shared facts (facets, roots, settings, the audit log): imports no feature
  review: [],
  // A label's history is review's query (its owner); knowledge shows it rather than rewriting it.
  knowledge: ['review/history'],
  // A catalogue export can be the grid's current view: review's query (its owner) selects the images.
  export: ['review/query'],
  importer: [],
  // Classifying runs the active model's head (models); evaluation hashes files as the importer does.
  classify: ['models', 'importer/hash'],
  // A head is a top block on classify's backbone: models may use its backbone facts, which import nothing of models.
  // A head of another pipeline is runnable too: the definitions are data (no TensorFlow.js), as backbone-info is.
  models: ['classify/backbone-info', 'classify/backend', 'classify/top-block', 'classify/backbones/definitions'],
  // Training builds heads on classify's embeddings and backbone and stores them as model versions.
  // The model report also shows how far validators agree: review's computation (its owner), not a copy.
  learn: ['classify', 'models', 'review/agreement'],
  workflows: ['classify', 'importer', 'learn', 'models', 'review', 'knowledge', 'export'],
  // The archive's spreadsheets: labels arrive as hints, or as decisions through review's decide (audited).
  metadata: ['review/decide', 'review/undo'],
  team: [], // accounts, sessions, sign-in: only the db handed in
  // The job queue (#20) runs classify's engine and the importer's analysis on workers, and hands results back to them.
  queue: ['classify', 'importer'],
};

/** Renderer feature folders and the other features each may use. */
export const RENDERER_FEATURES = {
  classify: [],
  import: ['classify'], // the next-step offer opens the Classify screen
  review: [],
  export: ['review'], // exports the grid's current view
  learn: ['review', 'classify'], // "open in grid", the first-model progress; classify what a newly active version has not seen
  team: [], // sign-in screen, who is signed in, the admins' Users panel
  validation: [],
  remote: [], // the desktop app's connection screen for a team catalogue on a server
};

const CORE_FOLDERS = Object.keys(CORE);
const alt = (names) => names.join('|');

/** no-restricted-imports options for a file in electron/core/<folder>/. */
function coreFolderRule(folder) {
  // The shared folders themselves use only what their own entry says.
  const edges = CORE[folder] === '*' ? CORE_FOLDERS : [folder, ...(SHARED.includes(folder) ? [] : SHARED), ...CORE[folder]];
  const whole = edges.filter((e) => !e.includes('/'));
  const files = edges.filter((e) => e.includes('/'));
  const allowed = edges.join(', ');
  const patterns = [
    { regex: `^(\\.\\./)+(${alt(TRANSPORTS)}|renderer)/`, message: 'core must not import a transport or the renderer (layers: eslint/layers.js)' },
  ];
  // Folders this one may not use at all, then those it may use one file of.
  const banned = CORE_FOLDERS.filter((f) => !whole.includes(f) && f !== 'app' && !files.some((e) => e.startsWith(`${f}/`))); // app: the rule below
  const message = `core/${folder} may not import this core folder sideways (allowed: ${allowed}; see CORE in eslint/layers.js)`;
  if (banned.length) patterns.push({ regex: `^(\\.\\./)+(${alt(banned)})/`, message });
  for (const f of CORE_FOLDERS.filter((c) => !whole.includes(c))) {
    const only = files.filter((e) => e.startsWith(`${f}/`)).map((e) => e.slice(f.length + 1));
    if (only.length) patterns.push({ regex: `^(\\.\\./)+${f}/(?!(${alt(only)})\\.js$)`, message });
  }
  if (!whole.includes('app')) {
    patterns.push({ regex: '^(\\.\\./)+app/(?!paths\\.js$)', message: `core/${folder} may use only app/paths.js from app (see CORE in eslint/layers.js)` });
  }
  return patterns;
}

const ELECTRON = { name: 'electron', message: 'only electron/main and electron/preload may import electron' };

/** The flat-config entries that enforce the table. */
export function layerConfigs() {
  const configs = [];
  for (const [layer, allowed] of Object.entries(LAYERS)) {
    const name = layer.split('/')[1];
    const banned = ['common', 'core', ...TRANSPORTS].filter((l) => l !== name && !allowed.includes(l));
    const patterns = [
      { regex: `^(\\.\\./)+(${alt(banned)})/`, message: `${layer} may import only ${allowed.join(', ') || 'nothing outside itself'} (layers: eslint/layers.js)` },
      { regex: '^(\\.\\./)+renderer/', message: 'nothing in electron/ imports the renderer' },
    ];
    const paths = name === 'main' || name === 'preload' ? [] : [ELECTRON];
    if (name === 'core') {
      for (const folder of CORE_FOLDERS) {
        configs.push({ files: [`electron/core/${folder}/**`], rules: { 'no-restricted-imports': ['error', { paths, patterns: coreFolderRule(folder) }] } });
      }
      configs.push({ files: ['electron/core/*.ts'], rules: { 'no-restricted-imports': ['error', { paths, patterns }] } });
      continue;
    }
    configs.push({ files: [`${layer}/**`], rules: { 'no-restricted-imports': ['error', { paths, patterns }] } });
  }
  const rendererBase = [
    { regex: '^(\\.\\./)+electron/(?!common/)', message: 'the renderer speaks to the core only through electron/common (the contract)' },
  ];
  configs.push({ files: ['renderer/**'], rules: { 'no-restricted-imports': ['error', { paths: [ELECTRON], patterns: rendererBase }] } });
  for (const [feature, allowed] of Object.entries(RENDERER_FEATURES)) {
    const banned = Object.keys(RENDERER_FEATURES).filter((f) => f !== feature && !allowed.includes(f));
    configs.push({
      files: [`renderer/src/features/${feature}/**`],
      rules: {
        'no-restricted-imports': [
          'error',
          { paths: [ELECTRON], patterns: [...rendererBase, { regex: `^\\.\\./(${alt(banned)})/`, message: `renderer feature "${feature}" may not import this feature (see RENDERER_FEATURES in eslint/layers.js)` }] },
        ],
      },
    });
  }
  return configs;
}
