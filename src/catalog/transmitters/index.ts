export {
  BUNDLED_TRANSMITTERS_DATE,
  BUNDLED_TRANSMITTERS_PATH,
  readBundledTransmitters,
} from './bundled.js';
export {
  byNoradId,
  type FrequencyRange,
  normaliseTransmitter,
  parseTransmitterList,
  parseTransmitterRecords,
  type Transmitter,
  type TransmitterIssue,
  TransmitterListError,
  type TransmitterParse,
  type TransmitterType,
} from './parse.js';
export {
  satnogsTransmittersUrl,
  TRANSMITTER_SOURCE_NAME,
  TransmitterSource,
  type TransmitterSourceOptions,
  type TransmitterSourceState,
  type TransmitterSourceStatus,
} from './source.js';
