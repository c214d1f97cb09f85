/**
 * The one seam between the client and a WebSocket implementation: the browser's `WebSocket`, Node's `ws`
 * (`./node.ts`), or a fake in tests.
 */

/** What a transport reports; each connection reports `open` at most once and `close` or `rejected` exactly once. */
export interface TransportHandlers {
  open(): void;
  message(text: string): void;
  /** The connection ended (`code` 1006 when it ended without a close frame, or never opened). */
  close(code: number, reason: string): void;
  /** The handshake was answered with an HTTP status instead of 101 (401, 403, 503, ...). */
  rejected(status: number): void;
}

/** One connection. */
export interface Transport {
  send(text: string): void;
  close(code?: number, reason?: string): void;
}

/** Opens a connection to `url` authenticated with `token`. */
export type TransportFactory = (url: string, token: string, handlers: TransportHandlers) => Transport;

/** The browser subprotocol; the token rides beside it as `bearer.<jwt>` (docs/protocol.md). */
export const SUBPROTOCOL = 'marketstream.v1';

/**
 * The browser's (or any standard) `WebSocket`. It cannot see the HTTP status of a refused handshake, so when a
 * connection fails before it opens, it asks the gateway's REST API with the same token
 * (`GET /api/v1/streams/subscriptions`, which checks it as the handshake does) and reports 401/403/503 as `rejected`.
 */
export function browserTransport(options: { authProbe?: boolean } = {}): TransportFactory {
  return (url, token, handlers) => {
    const Ctor = (globalThis as { WebSocket?: typeof WebSocket }).WebSocket;
    if (!Ctor) {
      throw new Error('no WebSocket in this runtime: in Node, import from "@marketstream/client" (the node entry uses ws)');
    }
    const socket = new Ctor(url, [SUBPROTOCOL, 'bearer.' + token]);
    let opened = false;
    let done = false;
    socket.onopen = () => {
      opened = true;
      handlers.open();
    };
    socket.onmessage = (e: MessageEvent) => {
      if (typeof e.data === 'string') {
        handlers.message(e.data);
      }
    };
    socket.onclose = (e: CloseEvent) => {
      if (done) {
        return;
      }
      done = true;
      if (opened || options.authProbe === false || typeof fetch !== 'function') {
        handlers.close(e.code, e.reason);
        return;
      }
      probe(url, token).then(
        (status) => (status === 401 || status === 403 || status === 503 ? handlers.rejected(status) : handlers.close(e.code, e.reason)),
        () => handlers.close(e.code, e.reason),
      );
    };
    return {
      send: (text) => socket.send(text),
      close: (code, reason) => socket.close(code, reason),
    };
  };
}

/** The HTTP status of the REST API for this token: what the handshake would have answered. */
async function probe(wsUrl: string, token: string): Promise<number> {
  const http = new URL(wsUrl);
  http.protocol = http.protocol === 'wss:' ? 'https:' : 'http:';
  http.pathname = http.pathname.replace(/\/ws\/?$/, '') + '/api/v1/streams/subscriptions';
  http.search = '';
  const response = await fetch(http, { headers: { Authorization: 'Bearer ' + token } });
  return response.status;
}
