/**
 * Every `npx passwatch passes` example of the README's "Command line" section, extracted and run
 * as written (environment assignments included) on an empty data directory, from the repository
 * root, as on a fresh clone.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../catalog/helpers.js';
import { runCli } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** Shell words of one command line: single-quoted strings kept whole, no other expansion. */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /(?:[^\s']+|'[^']*')+/g;
  for (const m of line.matchAll(re)) out.push(m[0].replace(/'([^']*)'/g, '$1'));
  return out;
}

/** The commands of the first sh block after "## Command line", continuation lines joined. */
function examples(): string[] {
  const section = README.slice(README.indexOf('## Command line'));
  const block = section.slice(
    section.indexOf('```sh') + 5,
    section.indexOf('```', section.indexOf('```sh') + 5),
  );
  return block
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

beforeEach(() => {
  vi.stubEnv('PASSWATCH_DATA_DIR', tempDir());
  vi.stubEnv('PASSWATCH_CONFIG', '');
  vi.stubEnv('PASSWATCH_OBSERVERS', '');
  vi.spyOn(process, 'cwd').mockReturnValue(ROOT);
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('the README command-line examples', () => {
  const commands = examples();
  it('are found', () => {
    expect(commands.length).toBeGreaterThanOrEqual(5);
  });

  for (const command of commands) {
    it(`runs: ${command}`, async () => {
      const all = words(command);
      const at = all.indexOf('npx');
      expect(all.slice(at, at + 2)).toEqual(['npx', 'passwatch']);
      for (const assignment of all.slice(0, at)) {
        const eq = assignment.indexOf('=');
        vi.stubEnv(assignment.slice(0, eq), assignment.slice(eq + 1));
      }
      // Relative paths are as seen from the repository root.
      const args = all
        .slice(at + 2)
        .map((a, i, list) =>
          list[i - 1] === '--elements' ? fileURLToPath(new URL(a, `file://${ROOT}`)) : a,
        );
      const { code, out, err } = await runCli(args, Date.parse('2026-08-22T12:00:00Z'));
      expect(err).toBe('');
      expect(code).toBe(0);
      if (args.includes('--json')) {
        expect(JSON.parse(out).passes.length).toBeGreaterThan(0);
      } else {
        expect(out).toMatch(/^Date\s+AOS/m);
        expect(out).not.toMatch(/no passes/);
      }
    });
  }
});
