/**
 * Judging a fetched body before anything is stored: CelesTrak's "not updated" answer, HTTP
 * errors, HTML pages, truncation, and parsing. Pure.
 */
import {
  detectElementFormat,
  type ElementFormat,
  type ElementParseIssue,
  type ElementSet,
  parseElements,
} from '../core/elements/index.js';
import type { FetchedBody } from './fetch.js';
import type { SourceSpec } from './sources.js';

/** What a body means for its source. */
export type BodyVerdict =
  /** CelesTrak: "GP data has not updated since your last successful download". */
  | { kind: 'unchanged'; message: string }
  /** An error answer (HTTP status, CelesTrak's "No GP data found"): back off. */
  | { kind: 'failed'; reason: string }
  /** A 200 whose body cannot be used (HTML, empty, truncated, unparsable): back off. */
  | { kind: 'rejected'; reason: string; issues: ElementParseIssue[] }
  | {
      kind: 'parsed';
      format: ElementFormat;
      elements: ElementSet[];
      /** Records left out: bad records (checksum errors...) and duplicates. */
      issues: ElementParseIssue[];
    };

const NOT_UPDATED = /GP data has not updated since your last successful\s+download/i;
const NO_GP_DATA = /^\s*No GP data found/i;

/** True when a body is CelesTrak's "not updated" answer (it comes with 403 and with 200). */
export function isNotUpdatedAnswer(text: string): boolean {
  return NOT_UPDATED.test(text.slice(0, 2000));
}

/**
 * Decide what a fetched body means.
 *
 * @param spec The source (its declared format, whether it is CelesTrak).
 * @param body The body as fetched.
 * @param maxBadShare Reject a body in which more than this share of the records are bad.
 */
export function judgeBody(spec: SourceSpec, body: FetchedBody, maxBadShare: number): BodyVerdict {
  const text = body.text.replace(/^\uFEFF/, '');
  if (isNotUpdatedAnswer(text)) {
    return { kind: 'unchanged', message: firstLine(text, 300) };
  }
  if (body.status !== null && (body.status < 200 || body.status > 299)) {
    return { kind: 'failed', reason: `HTTP ${body.status}${summary(text)}` };
  }
  if (NO_GP_DATA.test(text)) {
    return { kind: 'failed', reason: `no data: ${firstLine(text, 200)}` };
  }
  const rejected = (reason: string, issues: ElementParseIssue[] = []): BodyVerdict => ({
    kind: 'rejected',
    reason,
    issues,
  });
  if (text.trim() === '') return rejected('empty body');
  if (looksLikeHtml(text, body.contentType)) {
    return rejected(`HTML page instead of element sets${title(text)}`);
  }
  const format = spec.format === 'auto' ? detectElementFormat(text) : spec.format;
  if (format === 'omm-json' && !/^\s*[[{]/.test(text)) {
    return rejected(`expected OMM JSON, got text starting "${firstLine(text, 80)}"`);
  }
  if (format === null) {
    return rejected(
      `unrecognised format (expected TLE/3LE, OMM JSON or OMM CSV): starts with "${firstLine(text, 60)}"`,
    );
  }
  const truncation = truncated(text, format, spec.celestrak);
  if (truncation !== null) return rejected(`truncated body: ${truncation}`);

  const parsed = parseElements(text, spec.location, format);
  const whole = parsed.issues[0];
  if (parsed.elements.length === 0 && whole?.line === 0) {
    const cut = format === 'omm-json' && /invalid JSON/.test(whole.reason);
    return rejected(
      cut ? `truncated or invalid body: ${whole.reason}` : whole.reason,
      parsed.issues,
    );
  }
  const issues = [...parsed.issues];
  const elements = dedupe(parsed.elements, issues);
  if (elements.length === 0) {
    const first = issues[0];
    return rejected(
      `no usable element sets${first ? ` (${issues.length} bad record${issues.length === 1 ? '' : 's'}; first: ${describeIssue(first)})` : ''}`,
      issues,
    );
  }
  const records = parsed.elements.length + parsed.issues.length;
  if (parsed.issues.length > 0 && parsed.issues.length / records > maxBadShare) {
    return rejected(
      `${parsed.issues.length} of ${records} records are bad (more than ${Math.round(maxBadShare * 100)}%); first: ${describeIssue(parsed.issues[0]!)}`,
      issues,
    );
  }
  return { kind: 'parsed', format, elements, issues };
}

/** `line 12 (NORAD 25544): checksum mismatch ...`. */
export function describeIssue(issue: ElementParseIssue): string {
  const id = issue.noradId === null ? '' : ` (NORAD ${issue.noradId})`;
  return `line ${issue.line}${id}: ${issue.reason}`;
}

function looksLikeHtml(text: string, contentType: string | null): boolean {
  if (contentType !== null && /text\/html/i.test(contentType)) return true;
  return /^\s*<(!doctype|html|head|body|\?xml|!--)/i.test(text);
}

function title(text: string): string {
  const match = /<title[^>]*>([^<]*)<\/title>/i.exec(text);
  const t = match?.[1]?.replace(/\s+/g, ' ').trim();
  return t ? ` ("${t.slice(0, 100)}")` : '';
}

function firstLine(text: string, max: number): string {
  const line = text.trim().split(/\r?\n/, 1)[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 3)}...` : line;
}

/** `: No GP data found` from a body, tags stripped; '' when there is nothing readable. */
function summary(text: string): string {
  const plain = text
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return plain ? `: ${plain.length > 200 ? `${plain.slice(0, 197)}...` : plain}` : '';
}

/**
 * Why a body looks cut short, or null. JSON is judged by the parser: a cut JSON document does
 * not parse. CSV: the last row has a different number of fields than the
 * header, or (CelesTrak, which ends every line) no final line break. TLE: the last line is not
 * a complete line 2 (a dangling name line or line 1, or a short line 2).
 */
function truncated(text: string, format: ElementFormat, celestrak: boolean): string | null {
  if (format === 'omm-json') return null;
  const tail = lastLine(text);
  const last = tail.last;
  if (last === null) return 'no lines';
  if (format === 'omm-csv') {
    if (celestrak && !/\n\s*$/.test(text.slice(-200))) {
      return `the last row (line ${tail.lineNo}) has no line break`;
    }
    const header = text.slice(0, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n'));
    const fields = (l: string) => l.replace(/"[^"]*"/g, '').split(',').length;
    if (tail.lineNo > 1 && fields(last) !== fields(header)) {
      return `the last row (line ${tail.lineNo}) has ${fields(last)} fields, the header ${fields(header)}`;
    }
    return null;
  }
  const trimmed = last.trimEnd();
  if (!trimmed.startsWith('2 ')) {
    return `the last line (line ${tail.lineNo}) is not a TLE line 2, so its record is incomplete`;
  }
  if (trimmed.length < 69) {
    return `the last line (line ${tail.lineNo}) has ${trimmed.length} characters, a TLE line has 69`;
  }
  return null;
}

/** The last non-blank line (CR removed) and its 1-based number, without splitting the text. */
function lastLine(text: string): { last: string | null; lineNo: number } {
  let end = text.length;
  for (;;) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end).replace(/\r$/, '');
    if (line.trim() !== '') {
      let lineNo = 1;
      for (let i = text.indexOf('\n'); i >= 0 && i < start; i = text.indexOf('\n', i + 1)) lineNo++;
      return { last: line, lineNo };
    }
    if (start === 0) return { last: null, lineNo: 0 };
    end = start - 1;
  }
}

/** Keep one set per object (the newest epoch); report the others. */
function dedupe(elements: ElementSet[], issues: ElementParseIssue[]): ElementSet[] {
  const byId = new Map<number, ElementSet>();
  for (const el of elements) {
    const seen = byId.get(el.noradId);
    if (seen === undefined) {
      byId.set(el.noradId, el);
      continue;
    }
    const [keep, drop] = el.epochMs > seen.epochMs ? [el, seen] : [seen, el];
    byId.set(el.noradId, keep);
    issues.push({
      line: 0,
      noradId: el.noradId,
      reason: `NORAD ${el.noradId} appears more than once; kept the set with epoch ${keep.epochIso}, left out ${drop.epochIso}`,
    });
  }
  return byId.size === elements.length ? elements : [...byId.values()];
}
