/** Listening: the node-server adapter around the app (tests may use `app.request` instead). */
import { createServer, maxHeaderSize } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { getRequestListener } from '@hono/node-server';
import type { App } from './context.js';
import type { EarlyAnswer } from './hits.js';
import { body, PROBLEM_JSON } from './problem.js';

export interface RunningServer {
  /** Port actually bound (useful with port 0). */
  port: number;
  host: string;
  close(): Promise<void>;
}

/**
 * Serve `app` on `host:port`. `early` may answer a request in Node's request listener before the
 * app sees it (the cache hits of `hits.ts`); what it leaves goes to the app.
 */
export function listen(
  app: App,
  host: string,
  port: number,
  early?: EarlyAnswer,
): Promise<RunningServer> {
  const listener = getRequestListener(app.fetch, { hostname: host });
  const server = createServer(
    early
      ? (request, response) => {
          let answered: boolean;
          try {
            answered = early(request, response);
          } catch {
            // A fault of the fast path never takes the server down: the app answers instead.
            answered = response.headersSent;
            if (answered && !response.writableEnded) response.destroy();
          }
          if (!answered) void listener(request, response);
        }
      : listener,
  );
  return new Promise((resolve, reject) => {
    server.listen(port, host, () => {
      const info = server.address() as AddressInfo;
      resolve({
        port: info.port,
        host,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
    server.once('error', reject);
    server.on('clientError', answerClientError);
  });
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

/**
 * Requests node's parser refuses before the app sees them (headers over `--max-http-header-size`,
 * malformed HTTP) get a problem+json answer like every other error, then the connection closes.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 431
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 408
        : 400;
  const detail =
    status === 431
      ? `the request headers are over this server's limit of ${maxHeaderSize} bytes`
      : status === 408
        ? 'the request did not arrive in time'
        : 'the request is not valid HTTP/1.1';
  const slug = status === 431 ? 'headers-too-large' : status === 408 ? 'timeout' : 'bad-request';
  const text = JSON.stringify(body(status, slug, detail, '/'));
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status]}\r\ncontent-type: ${PROBLEM_JSON}\r\n` +
      `content-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
  );
}
