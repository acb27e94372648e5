/**
 * The dependency rules of `.dependency-cruiser.cjs` (run by `npm run depcheck` in `npm test`)
 * catch what they are for: each case is a small project with one kind of violation, cruised with
 * the project's own rules. The real tree passing is `npm run depcheck` itself.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type IConfiguration } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const config = createRequire(import.meta.url)(
  join(ROOT, '.dependency-cruiser.cjs'),
) as IConfiguration;

/** The rules broken by a project made of `files` (path -> source), as `rule: from -> to`. */
async function violations(files: Record<string, string>): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'passwatch-depcheck-'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    const { tsConfig: _, ...options } = config.options ?? {};
    const result = await cruise(['src'], {
      ...options,
      ruleSet: { forbidden: config.forbidden ?? [] },
      validate: true,
    });
    if (typeof result.output === 'string') throw new Error(result.output);
    return result.output.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
  } finally {
    process.chdir(cwd);
  }
}

const CLEAN = {
  'src/core/orbit.ts':
    "import { twoline2satrec } from 'satellite.js';\nexport const f = twoline2satrec;\n",
  'src/catalog/store.ts':
    "import { readFileSync } from 'node:fs';\nimport { f } from '../core/orbit';\nexport const g = [f, readFileSync];\n",
  'src/api/app.ts': "import { g } from '../catalog/store';\nexport const h = g;\n",
  'src/main.ts': "import { h } from './api/app';\nexport const i = h;\n",
};

describe('the dependency rules', () => {
  it('pass a project whose dependencies point down', async () => {
    expect(await violations(CLEAN)).toEqual([]);
  });

  it('refuse I/O and other folders in src/core', async () => {
    expect(
      await violations({
        ...CLEAN,
        'src/core/orbit.ts':
          "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n",
        'src/core/time.ts': "import { g } from '../catalog/store';\nexport const t = g;\n",
      }),
    ).toEqual(
      expect.arrayContaining([
        'core-is-pure: src/core/orbit.ts -> fs',
        'core-is-pure: src/core/time.ts -> src/catalog/store.ts',
        'layer-core: src/core/time.ts -> src/catalog/store.ts',
      ]),
    );
  });

  it('refuse satellite.js and astronomy-engine outside src/core', async () => {
    const found = await violations({
      ...CLEAN,
      'src/api/app.ts':
        "import { twoline2satrec } from 'satellite.js';\nimport { Body } from 'astronomy-engine';\nexport const h = [twoline2satrec, Body];\n",
    });
    expect(found.filter((v) => v.startsWith('astronomy-only-in-core'))).toHaveLength(2);
  });

  it('refuse a lower layer importing a higher one (the CLI importing main.ts)', async () => {
    expect(
      await violations({
        ...CLEAN,
        'src/cli/serve.ts': "import { i } from '../main';\nexport const s = i;\n",
      }),
    ).toEqual(['layer-cli: src/cli/serve.ts -> src/main.ts']);
  });

  it('refuse a cycle between folders (the page and the API importing each other)', async () => {
    const found = await violations({
      ...CLEAN,
      'src/web/routes.ts': "import { h } from '../api/app';\nexport const w = h;\n",
      'src/api/app.ts':
        "import { g } from '../catalog/store';\nimport { w } from '../web/routes';\nexport const h = [g, w];\n",
    });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^no-folder-cycles: src\/(web|api) -> src\/(api|web)$/),
        'features-are-independent: src/web/routes.ts -> src/api/app.ts',
      ]),
    );
  });
});
