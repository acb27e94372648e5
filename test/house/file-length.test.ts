/**
 * House rule (issue 12): no file in `src/` is over 500 lines unless its first lines say why, with
 * the marker `Over 500 lines because` followed by the reason, in the file's own comment syntax
 * (ARCHITECTURE.md, "Where to add…"). Counts every source, style and markup file under `src/`.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MAX_LINES = 500;
/** The reason must be on the marker's line, among the file's first `HEAD_LINES` lines. */
const HEAD_LINES = 10;
const MARKER = /Over 500 lines because\s+(\S+\s+){2,}\S+/;
const CHECKED = /\.(ts|js|mjs|cjs|css|html)$/;

/** Files under `root` over the limit without a reason, as `path (N lines)`, sorted. */
function longFilesWithoutReason(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (CHECKED.test(entry.name)) {
        const lines = readFileSync(path, 'utf8').replace(/\n$/, '').split('\n');
        if (lines.length <= MAX_LINES) continue;
        if (lines.slice(0, HEAD_LINES).some((line) => MARKER.test(line))) continue;
        found.push(`${relative(root, path)} (${lines.length} lines)`);
      }
    }
  };
  walk(root);
  return found.sort();
}

describe('files in src/', () => {
  it(`are at most ${MAX_LINES} lines, or say at their top why they are longer`, () => {
    const src = fileURLToPath(new URL('../../src/', import.meta.url));
    expect(longFilesWithoutReason(src)).toEqual([]);
  });

  it('the check names a long file without a reason, and only that one', () => {
    const root = mkdtempSync(join(tmpdir(), 'passwatch-house-'));
    const write = (path: string, head: string[], lines: number) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      const body = Array.from({ length: lines - head.length }, (_, i) => `x${i};`);
      writeFileSync(join(root, path), `${[...head, ...body].join('\n')}\n`);
    };
    write('a/at-limit.ts', [], 500);
    write('a/long.ts', ['/** Something. */'], 501);
    write('b/long.css', ['/* passwatch page: three themes. */'], 900);
    write('b/reason.css', ['/* Themes. Over 500 lines because every view styles here. */'], 900);
    write('b/reason-late.ts', [...Array(10).fill('//'), '// Over 500 lines because of x y z'], 600);
    write('b/marker-only.html', ['<!-- Over 500 lines because -->'], 600);
    write('b/data.json', [], 900);
    expect(longFilesWithoutReason(root)).toEqual([
      'a/long.ts (501 lines)',
      'b/long.css (900 lines)',
      'b/marker-only.html (600 lines)',
      'b/reason-late.ts (600 lines)',
    ]);
  });
});
