/**
 * The layers of passwatch and the rules `npm run depcheck` (part of `npm test`) enforces with
 * dependency-cruiser. Lowest first; a folder may import its own layer's files and lower layers
 * only:
 *
 *   core                  pure astronomy: no I/O, no clock; the only importer of satellite.js
 *                         and astronomy-engine
 *   fields, format,       shared field schemas, presentation helpers, the version, whether
 *   version.ts, log.ts,   this runs from the build, the log event type
 *   build-mode.ts
 *   catalog, compute      element sources and store; the pass pool
 *   predict               predictions over the catalog (used by the API and alerts)
 *   alerts, web, station  features that know nothing of each other
 *   api                   the HTTP API (hosts the alert routes)
 *   config                the configuration, composed of the features' sections
 *   cli                   the command line (its use cases are injected by entry.ts: CliServices)
 *   main.ts               composition root: wires everything, reads process.env
 *   entry.ts              the process entry: the CLI with its use cases wired to main.ts
 *
 * Known exceptions are listed in KNOWN_EXCEPTIONS below, each with its reason; none are hidden.
 */

/** @type {[string, string][]} [name, path regex], lowest first. */
const LAYERS = [
  ['core', '^src/core/'],
  ['shared', '^src/(fields|format)/|^src/(version|build-mode|log)\\.ts$'],
  ['catalog-compute', '^src/(catalog|compute)/'],
  ['predict', '^src/predict/'],
  ['features', '^src/(alerts|web|station)/'],
  ['api', '^src/api/'],
  ['config', '^src/config/'],
  ['cli', '^src/cli/'],
  ['main', '^src/main\\.ts$'],
  ['entry', '^src/entry\\.ts$'],
];

/**
 * Imports that break a rule today and are kept on purpose, each with its reason. Remove an entry
 * when its import is gone; the rules then hold for it too.
 */
const KNOWN_EXCEPTIONS = {
  /**
   * Module cycles through src/api/app.ts: the route modules (and respond.ts, docs.ts, server.ts)
   * import the *types* ApiContext and App from app.ts, which imports them to register the
   * routes. Type-only, so nothing runs in a cycle. The fix is to move ApiDeps, ApiContext,
   * AppEnv and App to src/api/context.ts; it waits for the API middleware work of issue 11,
   * which is changing those types now.
   */
  moduleCyclesVia: ['^src/api/app\\.ts$'],
};

const layerRules = LAYERS.slice(0, -1).map(([name, path], i) => ({
  name: `layer-${name}`,
  comment: `${name} may import only ${LAYERS.slice(0, i + 1)
    .map(([n]) => n)
    .join(', ')}: dependencies point down`,
  severity: 'error',
  from: { path },
  to: {
    path: '^src/',
    pathNot: LAYERS.slice(0, i + 1).map(([, p]) => p),
  },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      comment: 'No two folders of src import each other, directly or through others.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-module-cycles',
      comment: 'No module imports itself through others (known exceptions: see KNOWN_EXCEPTIONS).',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaNot: KNOWN_EXCEPTIONS.moduleCyclesVia },
    },
    {
      name: 'astronomy-only-in-core',
      comment: 'Only src/core imports satellite.js and astronomy-engine.',
      severity: 'error',
      from: { pathNot: '^src/core/' },
      to: { path: 'node_modules/(satellite\\.js|astronomy-engine)/' },
    },
    {
      name: 'core-is-pure',
      comment:
        'src/core imports nothing but itself, satellite.js and astronomy-engine: no node: modules (fs, net, http...), no database, no other folder.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { pathNot: ['^src/core/', 'node_modules/(satellite\\.js|astronomy-engine)/'] },
    },
    {
      name: 'features-are-independent',
      comment: 'alerts, web and station know nothing of each other or of the API.',
      severity: 'error',
      from: { path: '^src/(alerts|web|station)/' },
      to: { path: '^src/(alerts|web|station|api)/', pathNot: '^src/$1/' },
    },
    ...layerRules,
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
