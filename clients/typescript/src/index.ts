/**
 * `@marketstream/client`: the MarketStream WebSocket client for browsers and Node 20+.
 * @packageDocumentation
 */
export { MarketStreamClient, MarketStreamClient as WebSocketManager, connect, setDefaultTransport } from './client.js';
export type { ClientEvents, ClientOptions, ClientStats, ConnectionState, Gap, ResumeState, StateChange } from './client.js';
export { backoffDelay, DEFAULT_RECONNECT, SPEC_RECONNECT, type ReconnectPolicy } from './backoff.js';
export { AuthError, ConnectionError, MarketStreamError, ServerError } from './errors.js';
export { OrderBook, type BookOutcome } from './orderbook.js';
export { browserTransport, SUBPROTOCOL, type Transport, type TransportFactory, type TransportHandlers } from './transport.js';
export type * from './types.js';
