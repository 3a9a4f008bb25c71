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
 * roots and may use every folder. These are today's edges: a new sideways
 * import fails lint and has to be argued for here. The ones marked "to go"
 * are cycles or sideways calls that belong in one orchestration layer.
 */
export const CORE = {
  api: '*',
  app: '*',
  db: [],
  jobs: [],
  workers: [],
  catalogue: ['review'], // to go: facets.ts writes audit entries through review/audit.ts
  review: ['catalogue'],
  knowledge: ['catalogue', 'review'],
  export: ['catalogue', 'review', 'app'], // to go: export → app (context)
  importer: ['catalogue', 'jobs', 'workers', 'app'], // to go: importer → app (context)
  classify: ['catalogue', 'db', 'jobs', 'workers', 'models', 'importer', 'app'], // to go: classify ↔ models cycle, → app
  models: ['catalogue', 'classify', 'importer', 'learn'], // to go: models ↔ classify, models ↔ learn cycles
  learn: ['catalogue', 'classify', 'models', 'review', 'workers', 'app'], // to go: learn → app (context) cycle
};

/** Renderer feature folders and the other features each may use. */
export const RENDERER_FEATURES = {
  classify: [],
  import: ['classify'], // the next-step offer opens the Classify screen
  review: [],
  export: ['review'], // exports the grid's current view
  learn: ['review', 'classify'], // "open in grid", the first-model progress; classify what a newly active version has not seen
  validation: [],
};

const CORE_FOLDERS = Object.keys(CORE);
const alt = (names) => names.join('|');

/** no-restricted-imports options for a file in electron/core/<folder>/. */
function coreFolderRule(folder) {
  const allowed = CORE[folder] === '*' ? CORE_FOLDERS : [folder, ...CORE[folder]];
  const banned = CORE_FOLDERS.filter((f) => !allowed.includes(f) && f !== 'app'); // app: the rule below
  const patterns = [
    { regex: `^(\\.\\./)+(${alt(TRANSPORTS)}|renderer)/`, message: 'core must not import a transport or the renderer (layers: eslint/layers.js)' },
  ];
  if (banned.length) {
    patterns.push({ regex: `^(\\.\\./)+(${alt(banned)})/`, message: `core/${folder} may not import this core folder sideways (allowed: ${allowed.join(', ')}; see CORE in eslint/layers.js)` });
  }
  if (!allowed.includes('app')) {
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
