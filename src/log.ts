/** One structured log event; written as one JSON line with a `time` field. */
export type LogEvent = { event: string } & Record<string, unknown>;

/** Where log events go. */
export type Log = (event: LogEvent) => void;

/** An error's message, or the thrown value as text. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
