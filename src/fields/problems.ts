/**
 * Zod issues worded for people, once for the configuration, the API's request bodies and alert
 * subscriptions. Two conventions of schema messages meet here:
 * - phrases (`src/fields`, the configuration, stations): a message says, as a noun phrase, what
 *   is expected (`a number from -90 to 90`) and reads `expected …; got …`; a `custom` issue
 *   without `params.expected` words a whole sentence itself;
 * - sentences (subscriptions): every message is a sentence, kept as it is.
 */
import { z } from 'zod';

/** One problem of a request body or setting: the dotted path of the field (`body` for the whole), and what is wrong. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** A value as problem messages quote it: `"text"`, `5`, `nothing`; long JSON is cut. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return `"${value}"`;
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/** The words of one issue under the phrases convention (the input needs `reportInput`). */
export function phraseWords(issue: z.core.$ZodIssue): string {
  const expected = issue.code === 'custom' ? issue.params?.expected === true : true;
  return expected ? `expected ${issue.message}; got ${show(issue.input)}` : issue.message;
}

/** Fields renamed for their unit: the old name is refused with the new one. */
const RENAMED: Record<string, string> = { nearMiss: 'nearMissDeg' };

/**
 * A body's zod issues, one problem per field; unknown keys one problem each. With `phrases` the
 * messages are worded as the configuration words them; with `sentences` they are kept, and a
 * failed union reports the branch that got furthest rather than "invalid input". A problem
 * repeated word for word (a whole-number field may fail twice) is given once.
 */
export function bodyProblems(
  error: z.ZodError,
  wording: 'phrases' | 'sentences',
  prefix = '',
): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    const at = (p: string) => [prefix, p].filter((s) => s !== '').join('.') || 'body';
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({
          field: at(path ? `${path}.${key}` : key),
          message:
            wording === 'phrases'
              ? `unknown field; known here: ${issue.message}`
              : `unknown field "${key}"${RENAMED[key] ? `: it is now ${RENAMED[key]}` : ''}`,
        });
      }
    } else if (wording === 'phrases') {
      out.push({ field: at(path), message: phraseWords(issue) });
    } else if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const best = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0]!;
      const nested = best.flatMap((i) => bodyProblems(new z.ZodError([i]), wording, at(path)));
      out.push(...(nested.length > 0 ? nested : [{ field: at(path), message: issue.message }]));
    } else {
      out.push({ field: at(path), message: issue.message });
    }
  }
  return out.filter(
    (p, i) => out.findIndex((q) => q.field === p.field && q.message === p.message) === i,
  );
}

/** Prefer the branch whose first issue is deepest (the object matched, a field did not). */
function depth(issues: z.core.$ZodIssue[]): number {
  const first = issues[0];
  if (!first) return -1;
  return first.code === 'invalid_type' && first.path.length === 0 ? 0 : 1 + first.path.length;
}
