/** Listening: the node-server adapter around the app (tests may use `app.request` instead). */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { App } from './app.js';

export interface RunningServer {
  /** Port actually bound (useful with port 0). */
  port: number;
  host: string;
  close(): Promise<void>;
}

export function listen(app: App, host: string, port: number): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, (info: AddressInfo) => {
      resolve({
        port: info.port,
        host,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
    server.once('error', reject);
  });
}
