/**
 * RFC 9457 problem details: the one error type of the HTTP API and the one place that turns
 * thrown values into `application/problem+json` responses. Route handlers do not catch: errors
 * of the layers below (bad input, an unknown source or station, a tuning outside the band, a
 * prediction past its deadline, a subscription the alerts service refuses) are translated here, once, by `toProblemError`; `app.onError`,
 * the validation hook and the not-found handler all answer through `problemResponse`.
 */
import type { Context } from 'hono';
import { AlertRequestError } from '../alerts/index.js';
import { TuningError } from '../core/radio/index.js';
import type { FieldProblem } from '../fields/index.js';
import { InputError } from '../format/time.js';
import { DeadlineExceeded } from '../predict/many.js';
import { StationRequestError } from '../station/registry.js';
import { UnknownStationError } from '../station/service.js';
import { ConjunctionError } from '../watch/index.js';

export const PROBLEM_JSON = 'application/problem+json';

/** One offending input. */
export interface ParameterProblem {
  /** The query/path parameter or body field, e.g. `lat`. */
  parameter: string;
  /** What is wrong and how to fix it. */
  detail: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: ParameterProblem[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Authentication required',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  413: 'Request too large',
  415: 'Unsupported media type',
  408: 'Request timeout',
  422: 'Request exceeds limits',
  431: 'Request headers too large',
  500: 'Internal error',
  503: 'Service unavailable',
  504: 'Timed out',
};

/** An error the API answers with a problem document. */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  constructor(
    readonly status: number,
    readonly slug: string,
    detail: string,
    readonly errors: ParameterProblem[] = [],
    readonly extensions: Record<string, unknown> = {},
    /** Response headers to send with it (e.g. Retry-After). */
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }

  /** A single bad parameter (400). */
  static parameter(parameter: string, detail: string): ProblemError {
    return new ProblemError(400, 'invalid-parameter', detail, [{ parameter, detail }]);
  }

  /** One error per field problem; `detail` all of them in one line unless given. */
  static fields(
    status: number,
    type: string,
    problems: readonly FieldProblem[],
    detail = problems.map((p) => `${p.field}: ${p.message}`).join('; '),
  ): ProblemError {
    const errors = problems.map((p) => ({ parameter: p.field, detail: p.message }));
    return new ProblemError(status, type, detail, errors);
  }
}

/**
 * Anything thrown, as a `ProblemError`: the API's own as they are, the known errors of the layers
 * below with their status and the parameter they concern, anything else as a 500.
 */
export function toProblemError(error: unknown): ProblemError {
  if (error instanceof ProblemError) return error;
  if (error instanceof InputError) return ProblemError.parameter(error.field, error.message);
  if (error instanceof AlertRequestError) {
    return ProblemError.fields(error.status, error.slug, error.problems, error.message);
  }
  if (error instanceof Error && error.name === 'UnknownSourceError') {
    return ProblemError.parameter('source', error.message);
  }
  if (error instanceof UnknownStationError) {
    return new ProblemError(404, 'unknown-station', error.message, [
      { parameter: 'name', detail: error.message },
    ]);
  }
  if (error instanceof StationRequestError) {
    return ProblemError.fields(error.status, error.slug, error.problems, error.message);
  }
  // Only a request's downlinkHz reaches the tuning unchecked (the station plan catches its own).
  if (error instanceof TuningError) return ProblemError.parameter('downlinkHz', error.message);
  if (error instanceof ConjunctionError) {
    return new ProblemError(422, 'cannot-screen', error.message, [
      { parameter: 'sat', detail: error.message },
    ]);
  }
  if (error instanceof DeadlineExceeded) {
    return new ProblemError(
      503,
      'timeout',
      `the prediction took longer than this server's ${error.timeoutSeconds} s request timeout; ask for fewer satellites or days`,
    );
  }
  return new ProblemError(500, 'internal-error', 'the server failed to answer; see its log');
}

/**
 * The validation hook of every (sub-)app: a request whose parameters or body fail their zod
 * schema is answered 400 with every offending field named.
 */
export function validationHook(
  result: { success: true } | { success: false; error: { issues: readonly ZodIssueLike[] } },
  c: Context,
): Response | undefined {
  if (result.success) return undefined;
  const errors = result.error.issues.map((issue) => ({
    parameter: issue.path.map(String).join('.') || 'request',
    detail: issue.message,
  }));
  const detail = errors.map((e) => `${e.parameter}: ${e.detail}`).join('; ');
  return problemResponse(c, new ProblemError(400, 'invalid-parameter', detail, errors));
}

interface ZodIssueLike {
  path: readonly PropertyKey[];
  message: string;
}

/** Normalise anything thrown into a problem body. */
export function toProblem(error: unknown, instance: string): ProblemBody {
  const e = toProblemError(error);
  return { ...body(e.status, e.slug, e.message, instance, e.errors), ...e.extensions };
}

/** The problem+json response for anything thrown (with the problem's own headers). */
export function problemResponse(c: Context, error: unknown): Response {
  const e = toProblemError(error);
  const url = new URL(c.req.url);
  return c.json(toProblem(e, `${url.pathname}${url.search}`), e.status as 500, {
    ...e.headers,
    'content-type': PROBLEM_JSON,
  });
}

export function body(
  status: number,
  slug: string,
  detail: string,
  instance: string,
  errors: ParameterProblem[] = [],
): ProblemBody {
  return {
    type: `/problems/${slug}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    instance,
    ...(errors.length ? { errors } : {}),
  };
}
