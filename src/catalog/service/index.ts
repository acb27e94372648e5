/**
 * The catalog as a running service and its one-shot use cases. A folder of its own because it
 * wires the catalog folder together with `catalog/transmitters` (which itself imports the
 * catalog's store and refresher).
 */
export {
  catalogReport,
  ImportError,
  type ImportReport,
  importFile,
  refreshOnce,
  sourceStatuses,
  storedCatalog,
  withStoredCatalog,
} from './commands.js';
export {
  type CatalogJobs,
  loadCatalog,
  refreshWithTransmitters,
  startCatalogJobs,
} from './lifecycle.js';
export {
  type CatalogConfig,
  type OpenCatalog,
  type OpenCatalogOptions,
  openCatalog,
  refreshEvent,
  refreshSettings,
  storePath,
} from './open.js';
