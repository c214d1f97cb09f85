/**
 * The wire types of the MarketStream WebSocket protocol (docs/protocol.md): what the gateway sends and what a client
 * may ask for. Field names are the protocol's (snake case); prices and quantities are numbers, times ISO-8601 strings.
 * @module
 */

/** The market data types a subscription can ask for. */
export type DataType = 'price' | 'volume' | 'orderbook' | 'candles';

/** `market_data`: the latest price of a symbol with its change. */
export interface MarketData {
  symbol: string;
  price: number;
  volume: number;
  timestamp: string;
  change: number;
  change_percent: number;
  previous_close?: number;
  sector?: string;
  market_cap?: number;
}

/** `market_volume`: traded quantity of a symbol. */
export interface MarketVolume {
  symbol: string;
  volume: number;
  cumulative_volume: number;
  timestamp: string;
}

/** One price level of an order book; `size` 0 in an update removes the level. */
export interface PriceLevel {
  price: number;
  size: number;
}

/** `market_orderbook`: the whole book (`snapshot`) or the levels that changed (`update`), sequenced by `book_seq`. */
export interface MarketOrderBook {
  symbol: string;
  book_seq: number;
  type: 'snapshot' | 'update';
  bids: PriceLevel[];
  asks: PriceLevel[];
  timestamp: string;
}

/** `market_candle`: a closed OHLCV bar of one interval (`1s`, `1m`). */
export interface MarketCandle {
  symbol: string;
  interval: string;
  window_start: string;
  window_end: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  vwap: number;
  trade_count: number;
}

export type Severity = 'info' | 'warning' | 'critical';
export type PortfolioUpdateType = 'position' | 'balance' | 'order' | 'trade' | 'pnl';

/** `portfolio_update`: a change of one of the user's portfolios. */
export interface PortfolioUpdate {
  portfolio_id: string;
  user_id: string;
  update_type: PortfolioUpdateType;
  data: Record<string, unknown>;
  timestamp: string;
  event_id: string;
}

/** `trading_alert`: an alert for the user. */
export interface TradingAlert {
  alert_id: string;
  user_id: string;
  type: string;
  message: string;
  severity: Severity;
  timestamp: string;
  symbol?: string;
  event_id: string;
}

/** `system_notification`: targeted at the user, or a broadcast to everyone. */
export interface SystemNotification {
  notification_id: string;
  title?: string;
  message: string;
  severity: Severity;
  broadcast: boolean;
  target_users?: string[];
  timestamp: string;
  event_id: string;
}

/** `session`: the first frame of every connection, and the answer to a `resume`. */
export interface SessionData {
  session_id: string;
  user_id: string;
  resume_window_seconds: number;
  resumed?: boolean;
}

/** `subscribed` / `unsubscribed`: what a request changed. */
export interface AckData {
  stream: 'market_data' | 'portfolio' | 'alerts' | 'stored';
  [field: string]: unknown;
}

/** `pong`: the server's clock and the ping's `client_time`. */
export interface PongData {
  server_time: number;
  client_time?: number;
}

/** `error`: a refused frame; `ref` is its `request_id`. The connection stays open. */
export interface ErrorData {
  code: string;
  message: string;
  field: string | null;
  ref: string | null;
}

/** Every frame the server sends: the event, its stream and the `seq` of that stream. */
export interface Frame<D = unknown> {
  event: string;
  stream: string;
  seq: number;
  request_id?: string;
  snapshot?: boolean;
  data: D;
}

/** Market events by name. */
export interface MarketEvents {
  market_data: MarketData;
  market_volume: MarketVolume;
  market_orderbook: MarketOrderBook;
  market_candle: MarketCandle;
}

/** User events by name: delivered exactly once each, in `seq` order. */
export interface UserEvents {
  portfolio_update: PortfolioUpdate;
  trading_alert: TradingAlert;
  system_notification: SystemNotification;
}

/** Options of `subscribeMarketData`. */
export interface MarketSubscriptionOptions {
  /** Default `['price']`. */
  dataTypes?: DataType[];
  /** At most this many updates per second per stream (1-100); the latest value always arrives. */
  maxFrequency?: number;
}
