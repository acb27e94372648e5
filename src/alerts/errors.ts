import type { FieldProblem } from './spec.js';

/** A subscription request the alerts refuse; the API turns it into problem+json. */
export class AlertRequestError extends Error {
  override readonly name = 'AlertRequestError';
  constructor(
    /** HTTP status: 400 invalid, 404 unknown subscription, 409 owned by the config. */
    readonly status: 400 | 404 | 409 | 503,
    readonly slug: string,
    message: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
  }

  static invalid(problems: FieldProblem[]): AlertRequestError {
    return new AlertRequestError(
      400,
      'invalid-subscription',
      problems.map((p) => `${p.field}: ${p.message}`).join('; '),
      problems,
    );
  }
}
