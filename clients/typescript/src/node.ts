/**
 * The Node entry (Node 20 has no global `WebSocket`): the same API, with `ws` as the default transport. The token goes
 * in the `Authorization` header, and a refused handshake's HTTP status is read directly.
 * @module
 */
import WebSocket from 'ws';
import { setDefaultTransport } from './client.js';
import { SUBPROTOCOL, type TransportFactory } from './transport.js';

export * from './index.js';

/** `ws` as a transport; `perMessageDeflate` is offered, as the gateway negotiates it. */
export const wsTransport: TransportFactory = (url, token, handlers) => {
  const socket = new WebSocket(url, [SUBPROTOCOL], { headers: { Authorization: 'Bearer ' + token }, perMessageDeflate: true });
  let done = false;
  const finish = (report: () => void) => {
    if (!done) {
      done = true;
      report();
    }
  };
  socket.on('open', () => handlers.open());
  socket.on('message', (data, isBinary) => {
    if (!isBinary) {
      handlers.message(data.toString());
    }
  });
  socket.on('unexpected-response', (request, response) => {
    finish(() => handlers.rejected(response.statusCode ?? 0));
    request.destroy();
  });
  socket.on('close', (code, reason) => finish(() => handlers.close(code, reason.toString())));
  socket.on('error', () => {
    // 'close' follows every 'error' of ws, and reports the end
  });
  return {
    send: (text) => socket.send(text),
    close: (code, reason) => {
      if (socket.readyState === WebSocket.CONNECTING) {
        socket.terminate();
      } else {
        socket.close(code, reason);
      }
    },
  };
};

setDefaultTransport(wsTransport);
