import { join } from 'node:path';
import { Watch, type WatchOptions } from './service.js';
import { WatchStore } from './store.js';

/** The watch store's file in the data directory. */
export function watchStorePath(dataDir: string): string {
  return join(dataDir, 'watch.sqlite');
}

/**
 * Open the watch store in `dataDir` and start watching the catalog (a first run over what is
 * stored, then one after every change). `close` stops it and closes its store.
 */
export function startWatch(options: Omit<WatchOptions, 'store'> & { dataDir: string }): {
  watch: Watch;
  close: () => Promise<void>;
} {
  const { dataDir, ...rest } = options;
  const store = WatchStore.open(watchStorePath(dataDir));
  const watch = new Watch({ ...rest, store });
  watch.start();
  return {
    watch,
    close: async () => {
      await watch.stop();
      store.close();
    },
  };
}
