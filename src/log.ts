/** One structured log event; written as one JSON line with a `time` field. */
export type LogEvent = { event: string } & Record<string, unknown>;

/** Where log events go. */
export type Log = (event: LogEvent) => void;

/** An error's message, or the thrown value as text. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * An event's JSON line: `time` (ISO 8601 UTC) first, then the event's own fields, exactly
 * `JSON.stringify({ time, ...event })` plus a newline, without copying the event into a new
 * object (one is written per request).
 */
export function jsonLine(event: LogEvent, timeMs: number): string {
  const time = new Date(timeMs).toISOString();
  // An event with its own `time` keeps the spread's meaning: its value in the first place.
  if (Object.hasOwn(event, 'time')) return `${JSON.stringify({ time, ...event })}\n`;
  return `{"time":"${time}",${JSON.stringify(event).slice(1)}\n`;
}

/**
 * Lines gathered and written together: one write per event-loop turn (or whenever `maxChars`
 * are waiting) instead of one system call per line. Lines keep their order; `flush` writes what
 * waits at once (e.g. on exit).
 */
export class LineBatch {
  private pending = '';
  private scheduled = false;

  constructor(
    private readonly write: (text: string) => void,
    private readonly maxChars = 64 * 1024,
  ) {}

  push(line: string): void {
    this.pending += line;
    if (this.pending.length >= this.maxChars) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flushLater);
    }
  }

  flush(): void {
    if (this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    this.write(text);
  }

  private readonly flushLater = () => {
    this.scheduled = false;
    this.flush();
  };
}
