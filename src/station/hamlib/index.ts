export {
  type BackoffPolicy,
  backoffDelayMs,
  type ConnectionState,
  type ConnectionStatus,
  DEFAULT_BACKOFF,
  HamlibConnection,
  type HamlibConnectionOptions,
  type HamlibResult,
} from './connection.js';
export {
  type GuardedPosition,
  guardPosition,
  limitsProblems,
  type RotatorLimits,
  type RotatorPosition,
} from './limits.js';
export { CommandLog, type CommandLogEntry, formatLogEntry } from './log.js';
export {
  HAMLIB_ERROR_MESSAGES,
  HamlibError,
  type HamlibErrorKind,
  isModeName,
  parseExtendedReply,
} from './protocol.js';
export { RigctldClient, type RigctldOptions, type RigctldStatus, type RigMode } from './rigctld.js';
export {
  RotctldClient,
  type RotctldOptions,
  type RotctldStatus,
  type SetPositionResult,
} from './rotctld.js';
