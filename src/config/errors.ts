/** One invalid setting: where it is, where its value came from, and what is expected. */
export interface ConfigProblem {
  /** Dotted path of the setting, e.g. `catalog.refresh.schedule` ('' for the whole file). */
  path: string;
  /** Where the value came from: `config/default.json`, a file path, or an environment variable. */
  origin: string;
  message: string;
}

/** The configuration is invalid; `problems` lists every problem found, not just the first. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: ConfigProblem[]) {
    super(
      `invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems
        .map((p) => `  ${formatProblem(p)}`)
        .join('\n')}`,
    );
  }
}

/** `catalog.refresh.schedule (from PASSWATCH_REFRESH_SCHEDULE): expected ...`. */
export function formatProblem(p: ConfigProblem): string {
  return `${p.path || '(config)'} (from ${p.origin}): ${p.message}`;
}
