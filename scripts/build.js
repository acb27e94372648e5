#!/usr/bin/env node
/**
 * Builds passwatch once (run by `npm ci`/`npm install` through the `prepare` script, or by
 * `npm run build`): bundles the TypeScript sources with esbuild into `dist/`, so that a start
 * loads a few plain JavaScript files instead of compiling TypeScript every time.
 *
 *   dist/passwatch.js     the command line (src/entry.ts) with the server and its libraries
 *   dist/pass-worker.js   the pass pool's worker thread (src/compute/pass-worker.ts)
 *   dist/many-worker.js   the prediction pool's worker thread (src/predict/many-worker.ts)
 *   dist/refresh-worker.js  the refresh's thread: parses and writes fetched catalogues (src/catalog/refresh-worker.ts)
 *   dist/web/app.js       the page's client (src/web/client/main.ts), as `/web/app.js` serves it
 *   dist/build.json       what was built from what (bin/passwatch.js checks it is current)
 *
 * Files the sources read next to themselves (`new URL('../../assets/…', import.meta.url)`: the
 * snapshot, magnitudes, default config, page files) are still read from the checkout: in the
 * bundle each module's `import.meta.url` is its source file's URL, relative to the bundle.
 * Native and optional modules (better-sqlite3) stay in node_modules.
 *
 * Plain JavaScript, so it runs before anything is compiled.
 */
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const out = join(root, 'dist');

/** Every file under `dir` with its modification time (the build is current while none is newer). */
export function newestSource(dir = src) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const mtime = statSync(join(entry.parentPath, entry.name)).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

/** Gives each bundled source module the `import.meta.url` of its source file. */
const sourceUrls = {
  name: 'source-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return { contents: text, loader: 'ts' };
      const fromBundle = relative(out, args.path).split(sep).join('/');
      return {
        contents: text.replaceAll(
          'import.meta.url',
          `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`,
        ),
        loader: 'ts',
      };
    });
  },
};

const shared = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  legalComments: 'none',
  // better-sqlite3 loads its native addon relative to its own files; bufferutil and
  // utf-8-validate are optional speed-ups of ws (through mqtt) that may be absent.
  external: ['better-sqlite3', 'esbuild', 'bufferutil', 'utf-8-validate'],
  // CommonJS dependencies inside an ES module bundle still call require().
  banner: {
    js: "import { createRequire as __passwatchRequire } from 'node:module'; const require = __passwatchRequire(import.meta.url);",
  },
  define: { PASSWATCH_BUILT: 'true' },
  plugins: [sourceUrls],
};

/**
 * Build into `dist/`. Files are written beside and renamed into place, chunks (content-hashed
 * names) before the entry points and build.json, so a passwatch starting or running meanwhile
 * never reads half a file; chunks no longer used are removed afterwards.
 */
export async function buildAll() {
  const started = performance.now();
  const newest = newestSource();
  const [server, client] = await Promise.all([
    build({
      ...shared,
      entryPoints: {
        passwatch: join(src, 'entry.ts'),
        'pass-worker': join(src, 'compute/pass-worker.ts'),
        'many-worker': join(src, 'predict/many-worker.ts'),
        'refresh-worker': join(src, 'catalog/refresh-worker.ts'),
      },
      outdir: out,
      // Each command is a chunk loaded on use (`--help` loads neither the server nor its libraries).
      // Chunks stay in dist/ itself: the import.meta.url rewrite assumes code runs from there.
      splitting: true,
      chunkNames: '[name]-[hash]',
      write: false,
    }),
    build({
      entryPoints: [join(src, 'web/client/main.ts')],
      outfile: join(out, 'web/app.js'),
      bundle: true,
      format: 'esm',
      target: ['es2022', 'chrome100', 'firefox100', 'safari15'],
      minify: true,
      legalComments: 'none',
      charset: 'utf8',
      logLevel: 'warning',
      write: false,
    }),
  ]);
  const files = [...server.outputFiles, ...client.outputFiles];
  const entries = new Set(
    ['passwatch.js', 'pass-worker.js', 'many-worker.js', 'refresh-worker.js'].map((name) =>
      join(out, name),
    ),
  );
  const write = (path, contents) => {
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, contents);
    renameSync(tmp, path);
  };
  for (const f of files) if (!entries.has(f.path)) write(f.path, f.contents);
  for (const f of files) if (entries.has(f.path)) write(f.path, f.contents);
  write(
    join(out, 'build.json'),
    `${JSON.stringify({ builtAt: new Date().toISOString(), newestSourceMs: newest }, null, 2)}\n`,
  );
  const kept = new Set(files.map((f) => f.path));
  for (const name of readdirSync(out)) {
    if (name.endsWith('.js') && !kept.has(join(out, name)))
      rmSync(join(out, name), { force: true });
  }
  return performance.now() - started;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ms = await buildAll();
  console.log(`passwatch: built dist/ in ${Math.round(ms)} ms`);
}
