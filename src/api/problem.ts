/**
 * RFC 9457 problem details: the one error type of the HTTP API and the one place that turns
 * thrown values into `application/problem+json` responses.
 */
import { InputError } from '../format/time.js';

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
}

/** Normalise anything thrown into a problem body. */
export function toProblem(error: unknown, instance: string): ProblemBody {
  if (error instanceof InputError) {
    return body(400, 'invalid-parameter', error.message, instance, [
      { parameter: error.field, detail: error.message },
    ]);
  }
  if (error instanceof ProblemError) {
    return {
      ...body(error.status, error.slug, error.message, instance, error.errors),
      ...error.extensions,
    };
  }
  return body(500, 'internal-error', 'the server failed to answer; see its log', instance);
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
