import { backoffDelay, DEFAULT_RECONNECT, type ReconnectPolicy } from './backoff.js';
import { AuthError, ConnectionError, MarketStreamError, ServerError } from './errors.js';
import { OrderBook } from './orderbook.js';
import { RecentIds } from './recent-ids.js';
import { browserTransport, type Transport, type TransportFactory } from './transport.js';
import type {
  AckData, DataType, ErrorData, Frame, MarketCandle, MarketData, MarketOrderBook, MarketSubscriptionOptions, MarketVolume,
  PongData, PortfolioUpdate, PortfolioUpdateType, SessionData, SystemNotification, TradingAlert,
} from './types.js';

/** Where the connection is. */
export type ConnectionState =
  /** The first connection is being opened. */
  | 'connecting'
  /** A session is established (new or resumed) and subscriptions are live. */
  | 'connected'
  /** The connection dropped; the next attempt is due at `retryAt`. */
  | 'reconnecting'
  /** {@link MarketStreamClient.close} was called. */
  | 'closed'
  /** Given up: the token was refused, attempts ran out, or the server said the client is broken (1008, 1009). */
  | 'failed';

/** A change of {@link ConnectionState}, with what caused it. */
export interface StateChange {
  state: ConnectionState;
  previous: ConnectionState | 'idle';
  /** The gateway URL of the connection this change concerns. */
  url?: string;
  /** `reconnecting`: the number of the attempt to come (1 = first after the drop). */
  attempt?: number;
  /** `reconnecting`: how long until that attempt, in ms. */
  delayMs?: number;
  /** `reconnecting`: when that attempt starts (ms since the epoch), for a countdown. */
  retryAt?: number;
  /** Close code of the connection that ended (1006: ended without one); or the refused handshake's HTTP status. */
  closeCode?: number;
  reason?: string;
  /** `connected`: true when the previous session was resumed (subscriptions kept, missed user events replayed). */
  resumed?: boolean;
  /** `failed`: why. */
  error?: MarketStreamError;
}

/** A jump in a market stream's numbering. */
export interface Gap {
  symbol: string;
  stream: string;
  /**
   * `superseded`: a `seq` gap on a value stream (price, volume, candles): intermediate values were replaced by newer
   * ones (conflation, `max_frequency`), the latest value still arrives. `book`: an order-book update skipped a
   * `book_seq`; the book is stale until a snapshot repairs it (awaited, then asked for).
   */
  kind: 'superseded' | 'book';
  expected: number;
  received: number;
}

/** Events of {@link MarketStreamClient.on}, with their handlers' arguments. */
export interface ClientEvents {
  market_data: (data: MarketData, frame: Frame<MarketData>) => void;
  market_volume: (data: MarketVolume, frame: Frame<MarketVolume>) => void;
  market_candle: (data: MarketCandle, frame: Frame<MarketCandle>) => void;
  /** An order-book frame was applied; `book` is the symbol's book after it. */
  market_orderbook: (data: MarketOrderBook, frame: Frame<MarketOrderBook>, book: OrderBook) => void;
  /** Exactly once per `event_id`, in `seq` order, across reconnects. */
  portfolio_update: (data: PortfolioUpdate, frame: Frame<PortfolioUpdate>) => void;
  trading_alert: (data: TradingAlert, frame: Frame<TradingAlert>) => void;
  system_notification: (data: SystemNotification, frame: Frame<SystemNotification>) => void;
  /** Every `session` frame: a new connection's greeting, and the answer to a resume. */
  session: (data: SessionData) => void;
  state: (change: StateChange) => void;
  /** Refusals of requests that had no promise to reject, failed resumes, and the reason of a `failed` state. */
  error: (error: MarketStreamError) => void;
  gap: (gap: Gap) => void;
  /** A `pong` arrived; `rttMs` is the round trip of its ping. */
  pong: (rttMs: number, data: PongData) => void;
}

/** Options of {@link MarketStreamClient}. */
export interface ClientOptions {
  /** The gateway's WebSocket URL, or several (pods, regions): the client moves to the next after a 1012, a 503 or a failed attempt. */
  url: string | string[];
  /** A fixed token. */
  token?: string;
  /**
   * Called before every connection attempt (a fresh token per reconnect), and a while before the current token's `exp`
   * to hand the gateway a fresh one with `refresh`, so the connection outlives its token. Takes precedence over `token`.
   */
  getToken?: () => string | Promise<string>;
  /** Reconnect timing, or `false` for none; default {@link DEFAULT_RECONNECT}; {@link SPEC_RECONNECT} is the spec's 1 s / 5 attempts. */
  reconnect?: Partial<ReconnectPolicy> | false;
  /**
   * Watchdog: a `ping` is sent after `intervalMs` without any frame, and the connection is given up when nothing
   * arrives for `intervalMs + timeoutMs`. Default 15 s + 10 s; `false` for none.
   */
  heartbeat?: { intervalMs?: number; timeoutMs?: number } | false;
  /** How long an attempt may take from the handshake to its `session` frame. Default 10 s. */
  connectTimeoutMs?: number;
  /** How long a stale order book waits for a snapshot before the client asks for one. Default 3 s. */
  bookRepairTimeoutMs?: number;
  /** How many delivered user-event ids are remembered to drop duplicates. Default 10,000. */
  dedupCapacity?: number;
  /** Resume a session of an earlier page or process (see {@link MarketStreamClient.resumeState}). */
  resume?: ResumeState;
  /** The WebSocket implementation; default the runtime's `WebSocket` (the Node entry uses `ws`). */
  transport?: TransportFactory;
  /** Random source of the jitter (tests). */
  random?: () => number;
}

/** What a later client needs to resume this one's session. */
export interface ResumeState {
  sessionId: string;
  lastUserSeq: number;
  lastBroadcastSeq?: number;
}

/** Counters of what the client did. */
export interface ClientStats {
  connects: number;
  resumes: number;
  /** User events dropped because their `event_id` had been delivered already. */
  duplicatesDropped: number;
  gaps: number;
  bookRepairsRequested: number;
}

type ClientFrame = { event: string; request_id?: string; data: Record<string, unknown> };

interface PendingRequest {
  frame: ClientFrame;
  /** What the acknowledgement changes in the subscriptions to restore. */
  apply: () => void;
  resolve: (ack: AckData) => void;
  reject: (error: MarketStreamError) => void;
}

const DATA_TYPES: DataType[] = ['price', 'volume', 'orderbook', 'candles'];
const USER_EVENTS = new Set(['portfolio_update', 'trading_alert', 'system_notification']);
const MARKET_EVENTS = new Set(['market_data', 'market_volume', 'market_orderbook', 'market_candle']);
const MAX_SYMBOLS_PER_REQUEST = 100;

/**
 * A connection to the MarketStream gateway that stays up: it reconnects with backoff and full jitter, resumes the
 * session after every reconnect so no user event is missed, hands each user event to the application exactly once,
 * keeps order books from snapshots and updates, and watches the connection with pings.
 *
 * ```ts
 * const client = await connect({ url: 'wss://host/ws', getToken });
 * client.on('market_data', (tick) => console.log(tick.symbol, tick.price));
 * await client.subscribeMarketData(['AAPL', 'MSFT'], { dataTypes: ['price', 'orderbook'] });
 * ```
 */
export class MarketStreamClient {
  private readonly urls: string[];
  private readonly policy: ReconnectPolicy | null;
  private readonly heartbeat: { intervalMs: number; timeoutMs: number } | null;
  private readonly transportFactory: TransportFactory;
  private readonly listeners = new Map<keyof ClientEvents, Set<(...args: unknown[]) => void>>();
  private readonly delivered: RecentIds;
  private readonly pending = new Map<string, PendingRequest>();
  private readonly books = new Map<string, OrderBook>();
  private readonly bookRepairs = new Map<string, ReturnType<typeof setTimeout>>();
  /** Market stream → last `seq` on the current connection. */
  private readonly marketSeqs = new Map<string, number>();
  /** What to restore on a session that could not be resumed: acknowledged subscriptions. */
  private readonly marketSubs = new Map<string, { symbol: string; type: DataType; maxFrequency?: number }>();
  private readonly portfolioSubs = new Map<string, PortfolioUpdateType[] | undefined>();
  private alertSub: { alertTypes?: string[] } | null = null;

  private currentState: ConnectionState | 'idle' = 'idle';
  private transport: Transport | null = null;
  private generation = 0;
  private urlIndex = 0;
  private attempt = 0;
  private authRetried = false;
  private requestCounter = 0;
  private session: string | null = null;
  private greeting: SessionData | null = null;
  private resumeRequestId: string | null = null;
  private userSeq: number | null = null;
  private broadcastSeq: number | null = null;
  private lastInbound = 0;
  private lastPing = 0;
  private rtt: number | null = null;
  private timers: {
    retry?: ReturnType<typeof setTimeout>; watchdog?: ReturnType<typeof setInterval>; connect?: ReturnType<typeof setTimeout>;
    refresh?: ReturnType<typeof setTimeout>;
  } = {};
  /** The token of the current connection, and the one a `refresh` in flight (`refreshRequestId`) offers instead. */
  private token: string | null = null;
  private refreshing: { requestId: string; token: string } | null = null;
  private firstConnect: { resolve: () => void; reject: (e: MarketStreamError) => void } | null = null;
  private readonly counters: ClientStats = { connects: 0, resumes: 0, duplicatesDropped: 0, gaps: 0, bookRepairsRequested: 0 };

  constructor(private readonly options: ClientOptions) {
    this.urls = Array.isArray(options.url) ? [...options.url] : [options.url];
    if (this.urls.length === 0) {
      throw new TypeError('url: at least one gateway URL is needed');
    }
    if (!options.token && !options.getToken) {
      throw new TypeError('token or getToken is needed');
    }
    this.policy = options.reconnect === false ? null : { ...DEFAULT_RECONNECT, ...options.reconnect };
    this.heartbeat = options.heartbeat === false ? null
      : { intervalMs: options.heartbeat?.intervalMs ?? 15_000, timeoutMs: options.heartbeat?.timeoutMs ?? 10_000 };
    this.transportFactory = options.transport ?? defaultTransport;
    this.delivered = new RecentIds(options.dedupCapacity ?? 10_000);
    if (options.resume) {
      this.session = options.resume.sessionId;
      this.userSeq = options.resume.lastUserSeq;
      this.broadcastSeq = options.resume.lastBroadcastSeq ?? null;
    }
  }

  // ---- public API ----

  /** Opens the connection; resolves once the first session is established, rejects with an {@link AuthError} or {@link ConnectionError}. */
  connect(): Promise<this> {
    if (this.currentState !== 'idle') {
      throw new Error('connect() was called already');
    }
    const connected = new Promise<this>((resolve, reject) => {
      this.firstConnect = { resolve: () => resolve(this), reject };
    });
    this.setState({ state: 'connecting', previous: 'idle', url: this.url() });
    void this.open();
    return connected;
  }

  get state(): ConnectionState | 'idle' {
    return this.currentState;
  }

  /** The current session's id (kept across resumed reconnects). */
  get sessionId(): string | null {
    return this.session;
  }

  /** The highest `seq` of a user event seen: what a resume asks to continue after. */
  get lastUserSeq(): number | null {
    return this.userSeq;
  }

  /** Round trip of the last ping, in ms. */
  get latencyMs(): number | null {
    return this.rtt;
  }

  get stats(): Readonly<ClientStats> {
    return { ...this.counters };
  }

  /** What a new client (e.g. after a page reload) passes as `resume` to continue this session without losing user events. */
  resumeState(): ResumeState | null {
    return this.session === null ? null
      : { sessionId: this.session, lastUserSeq: this.userSeq ?? 0, ...(this.broadcastSeq === null ? {} : { lastBroadcastSeq: this.broadcastSeq }) };
  }

  /** The order book of a symbol subscribed with `orderbook`, or undefined before its first frame. */
  book(symbol: string): OrderBook | undefined {
    return this.books.get(symbol);
  }

  on<E extends keyof ClientEvents>(event: E, handler: ClientEvents[E]): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(handler as unknown as (...args: unknown[]) => void);
    return () => this.off(event, handler);
  }

  off<E extends keyof ClientEvents>(event: E, handler: ClientEvents[E]): void {
    this.listeners.get(event)?.delete(handler as unknown as (...args: unknown[]) => void);
  }

  /** Subscribes to market streams: a snapshot per stream, then live updates. Kept across reconnects. */
  subscribeMarketData(symbols: string | string[], options: MarketSubscriptionOptions = {}): Promise<AckData> {
    const list = typeof symbols === 'string' ? [symbols] : [...symbols];
    const dataTypes = options.dataTypes ?? ['price'];
    const data: Record<string, unknown> = { symbols: list, data_types: dataTypes };
    if (options.maxFrequency !== undefined) {
      data.max_frequency = options.maxFrequency;
    }
    return this.request('subscribe_market_data', data, () => {
      for (const symbol of list) {
        for (const type of dataTypes) {
          this.marketSubs.set(marketKey(symbol, type), { symbol, type, maxFrequency: options.maxFrequency });
        }
      }
    });
  }

  /** Ends market streams of the symbols: the given data types, or all. */
  unsubscribeMarketData(symbols: string | string[], dataTypes?: DataType[]): Promise<AckData> {
    const list = typeof symbols === 'string' ? [symbols] : [...symbols];
    const data: Record<string, unknown> = { symbols: list };
    if (dataTypes) {
      data.data_types = dataTypes;
    }
    return this.request('unsubscribe_market_data', data, () => this.forgetMarket(list, dataTypes ?? DATA_TYPES));
  }

  /** Portfolio updates of one portfolio, or of all (`'*'`), optionally only some update types. */
  subscribePortfolio(portfolioId = '*', options: { updateTypes?: PortfolioUpdateType[] } = {}): Promise<AckData> {
    const data: Record<string, unknown> = { portfolio_id: portfolioId };
    if (options.updateTypes) {
      data.update_types = options.updateTypes;
    }
    return this.request('subscribe_portfolio', data, () => this.portfolioSubs.set(portfolioId, options.updateTypes));
  }

  /** Trading alerts: the given types, or all. */
  subscribeAlerts(options: { alertTypes?: string[] } = {}): Promise<AckData> {
    const data: Record<string, unknown> = options.alertTypes ? { alert_types: options.alertTypes } : {};
    return this.request('subscribe_alerts', data, () => {
      this.alertSub = { alertTypes: options.alertTypes };
    });
  }

  /** Ends a kind of subscription: market data of `symbols`, a portfolio (or all), or alerts. */
  unsubscribe(stream: 'market_data' | 'portfolio' | 'alerts', options: { symbols?: string[]; portfolioId?: string } = {}): Promise<AckData> {
    const data: Record<string, unknown> = { stream };
    if (stream === 'market_data') {
      data.symbols = options.symbols ?? [];
    }
    if (stream === 'portfolio' && options.portfolioId !== undefined) {
      data.portfolio_id = options.portfolioId;
    }
    return this.request('unsubscribe', data, () => {
      if (stream === 'market_data') {
        this.forgetMarket(options.symbols ?? [], DATA_TYPES);
      } else if (stream === 'portfolio') {
        if (options.portfolioId === undefined) {
          this.portfolioSubs.clear();
        } else {
          this.portfolioSubs.delete(options.portfolioId);
        }
      } else {
        this.alertSub = null;
      }
    });
  }

  /** Closes the connection for good; pending requests are rejected. */
  close(): void {
    if (this.currentState === 'closed' || this.currentState === 'failed') {
      return;
    }
    const previous = this.currentState;
    this.stopTimers();
    this.abandonTransport(1000, 'client closed');
    this.rejectPending(new ConnectionError('the client was closed', 'closed'));
    this.firstConnect?.reject(new ConnectionError('the client was closed before it connected', 'closed'));
    this.firstConnect = null;
    this.currentState = 'closed';
    this.emit('state', { state: 'closed', previous });
  }

  // ---- connection lifecycle ----

  private url(): string {
    return this.urls[this.urlIndex % this.urls.length]!;
  }

  private async open(): Promise<void> {
    const generation = ++this.generation;
    const url = this.url();
    let token: string;
    try {
      token = this.options.getToken ? await this.options.getToken() : this.options.token!;
    } catch (e) {
      if (generation === this.generation) {
        this.dropped(1006, 'getToken failed: ' + String(e), false);
      }
      return;
    }
    if (generation !== this.generation || this.isFinal()) {
      return;
    }
    this.token = token;
    this.refreshing = null;
    this.greeting = null;
    this.resumeRequestId = null;
    this.marketSeqs.clear();
    this.lastInbound = Date.now();
    let opened = false;
    const current = () => generation === this.generation;
    this.timers.connect = setTimeout(() => {
      if (current()) {
        this.abandonTransport(4000, 'connect timeout');
        this.dropped(1006, 'no session within ' + this.connectTimeout() + ' ms', !opened);
      }
    }, this.connectTimeout());
    try {
      this.transport = this.transportFactory(url, token, {
        open: () => {
          opened = true;
        },
        message: (text) => current() && this.onText(text),
        close: (code, reason) => {
          if (current()) {
            this.transport = null;
            this.dropped(code, reason, !opened);
          }
        },
        rejected: (status) => {
          if (current()) {
            this.transport = null;
            this.rejected(status);
          }
        },
      });
    } catch (e) {
      this.fail(new ConnectionError(String(e instanceof Error ? e.message : e), 'no_websocket'));
    }
  }

  private connectTimeout(): number {
    return this.options.connectTimeoutMs ?? 10_000;
  }

  private rejected(status: number): void {
    if (status === 401 || status === 403) {
      if (this.options.getToken && !this.authRetried) {
        this.authRetried = true; // one more try with a fresh token, at once
        this.clearConnectTimer();
        this.scheduleReconnect(0, status, 'token refused; retrying with a fresh token');
        return;
      }
      this.fail(new AuthError(status));
      return;
    }
    this.dropped(status, 'handshake refused with HTTP ' + status, true);
  }

  /** The connection ended (or never opened): reconnect unless the client is done. */
  private dropped(code: number, reason: string, neverConnected: boolean): void {
    this.clearConnectTimer();
    this.stopWatchdog();
    clearTimeout(this.timers.refresh);
    if (this.isFinal()) {
      return;
    }
    if (code === 1008 || code === 1009) {
      this.fail(new ConnectionError(`the gateway closed the connection with ${code} (${reason}): fix the client`, 'policy_violation', code));
      return;
    }
    if (code === TOKEN_EXPIRED) {
      if (!this.options.getToken) {
        this.fail(new ConnectionError(`the token expired (${code} ${reason}) and there is no getToken to fetch a new one`, 'token_expired', code));
        return;
      }
      this.scheduleReconnect(0, code, 'token expired; reconnecting with a fresh token'); // and resuming the session
      return;
    }
    if (code === 1012 || code === 503 || neverConnected) {
      this.urlIndex++; // that pod is going away, or unreachable: try the next URL
    }
    if (!this.policy) {
      this.fail(new ConnectionError(`connection closed (${code} ${reason}) and reconnecting is off`, 'reconnect_exhausted', code));
      return;
    }
    this.attempt++;
    if (this.attempt > this.policy.maxAttempts) {
      this.fail(new ConnectionError(`gave up after ${this.policy.maxAttempts} reconnect attempts (last close ${code} ${reason})`,
        'reconnect_exhausted', code));
      return;
    }
    this.scheduleReconnect(backoffDelay(this.policy, this.attempt, this.options.random), code, reason);
  }

  private scheduleReconnect(delayMs: number, code: number, reason: string): void {
    const previous = this.currentState;
    const firstAttempt = previous === 'connecting' && this.counters.connects === 0;
    const retryAt = Date.now() + delayMs;
    this.currentState = firstAttempt ? 'connecting' : 'reconnecting';
    this.emit('state', {
      state: this.currentState, previous, url: this.url(),
      attempt: Math.max(1, this.attempt), delayMs, retryAt, closeCode: code, reason,
    });
    clearTimeout(this.timers.retry);
    this.timers.retry = setTimeout(() => void this.open(), delayMs);
  }

  private fail(error: MarketStreamError): void {
    const previous = this.currentState;
    this.stopTimers();
    this.abandonTransport(1000, 'client gave up');
    this.currentState = 'failed';
    this.rejectPending(error);
    this.emit('state', { state: 'failed', previous, error });
    if (this.firstConnect) {
      this.firstConnect.reject(error);
      this.firstConnect = null;
    } else {
      this.emit('error', error);
    }
  }

  private connected(resumed: boolean): void {
    this.clearConnectTimer();
    const previous = this.currentState;
    this.attempt = 0;
    this.authRetried = false;
    this.counters.connects++;
    if (resumed) {
      this.counters.resumes++;
    } else {
      this.restoreSubscriptions();
    }
    this.currentState = 'connected';
    for (const request of this.pending.values()) {
      this.send(request.frame); // requests made while away, or whose answer was lost with the connection
    }
    this.startWatchdog();
    this.scheduleRefresh();
    this.emit('state', { state: 'connected', previous, url: this.url(), resumed });
    this.firstConnect?.resolve();
    this.firstConnect = null;
  }

  private isFinal(): boolean {
    return this.currentState === 'closed' || this.currentState === 'failed';
  }

  private abandonTransport(code: number, reason: string): void {
    const transport = this.transport;
    this.transport = null;
    this.generation++;
    if (transport) {
      try {
        transport.close(code, reason);
      } catch {
        // already closed or never opened: nothing left to release
      }
    }
  }

  // ---- watchdog ----

  private startWatchdog(): void {
    if (!this.heartbeat) {
      return;
    }
    const { intervalMs, timeoutMs } = this.heartbeat;
    this.lastInbound = Date.now();
    this.timers.watchdog = setInterval(() => {
      const now = Date.now();
      const silent = now - this.lastInbound;
      if (silent >= intervalMs + timeoutMs) {
        this.abandonTransport(4000, 'heartbeat timeout');
        this.dropped(1006, `no frame for ${silent} ms`, false);
      } else if (silent >= intervalMs && now - this.lastPing >= intervalMs) {
        this.lastPing = now;
        this.send({ event: 'ping', data: { client_time: now } });
      }
    }, Math.min(1000, intervalMs));
  }

  private stopWatchdog(): void {
    clearInterval(this.timers.watchdog);
    this.timers.watchdog = undefined;
  }

  private clearConnectTimer(): void {
    clearTimeout(this.timers.connect);
    this.timers.connect = undefined;
  }

  /**
   * With `getToken`, sends the gateway a fresh token a while before the current one expires (a fifth of its remaining
   * life, at most a minute), so the connection is not closed with 4003. A token without a readable `exp` is not refreshed.
   */
  private scheduleRefresh(): void {
    clearTimeout(this.timers.refresh);
    const expiresAt = this.token === null ? null : tokenExpiryMs(this.token);
    if (!this.options.getToken || expiresAt === null) {
      return;
    }
    const remaining = expiresAt - Date.now();
    const delay = Math.max(0, remaining - Math.min(60_000, remaining / 5));
    this.timers.refresh = setTimeout(() => void this.refreshToken(), delay);
  }

  private async refreshToken(): Promise<void> {
    const generation = this.generation;
    let token: string;
    try {
      token = await this.options.getToken!();
    } catch (e) {
      this.emit('error', new MarketStreamError('getToken failed before the token expired: ' + String(e), 'token_refresh_failed'));
      return;
    }
    if (generation !== this.generation || this.currentState !== 'connected') {
      return; // the connection changed meanwhile: the new one was opened with a fresh token
    }
    const current = this.token === null ? null : tokenExpiryMs(this.token);
    const fresh = tokenExpiryMs(token);
    if (fresh === null || (current !== null && fresh <= current)) {
      this.emit('error', new MarketStreamError('getToken gave no token that lasts longer than the current one; '
        + 'the gateway will close the connection (4003) when it expires and the client reconnects', 'token_not_renewed'));
      return;
    }
    this.refreshing = { requestId: this.nextRequestId(), token };
    this.send({ event: 'refresh', request_id: this.refreshing.requestId, data: { token } });
  }

  private stopTimers(): void {
    this.stopWatchdog();
    this.clearConnectTimer();
    clearTimeout(this.timers.refresh);
    clearTimeout(this.timers.retry);
    for (const timer of this.bookRepairs.values()) {
      clearTimeout(timer);
    }
    this.bookRepairs.clear();
  }

  // ---- frames ----

  private onText(text: string): void {
    this.lastInbound = Date.now();
    let frame: Frame<Record<string, unknown>>;
    try {
      frame = JSON.parse(text) as Frame<Record<string, unknown>>;
    } catch {
      this.emit('error', new MarketStreamError('unreadable frame from the gateway: ' + text.slice(0, 200), 'malformed_frame'));
      return;
    }
    const event = frame.event;
    if (MARKET_EVENTS.has(event)) {
      this.onMarket(frame as unknown as Frame<MarketData>);
    } else if (USER_EVENTS.has(event)) {
      this.onUser(frame as unknown as Frame<{ event_id: string }>);
    } else if (event === 'session') {
      this.onSession(frame.data as unknown as SessionData, frame.request_id);
    } else if (event === 'subscribed' || event === 'unsubscribed') {
      this.settle(frame.request_id, frame.data as unknown as AckData);
    } else if (event === 'refreshed') {
      if (this.refreshing !== null && frame.request_id === this.refreshing.requestId) {
        this.token = this.refreshing.token;
        this.refreshing = null;
        this.scheduleRefresh();
      }
    } else if (event === 'error') {
      this.onError(frame.data as unknown as ErrorData, frame.request_id);
    } else if (event === 'pong') {
      const pong = frame.data as unknown as PongData;
      if (typeof pong.client_time === 'number') {
        this.rtt = Date.now() - pong.client_time;
        this.emit('pong', this.rtt, pong);
      }
    }
  }

  private onSession(data: SessionData, requestId: string | undefined): void {
    this.emit('session', data);
    if (data.resumed) {
      if (requestId !== undefined && requestId === this.resumeRequestId) {
        this.resumeRequestId = null;
        this.session = data.session_id;
        this.connected(true);
      }
      return;
    }
    this.greeting = data;
    if (this.session === null) {
      this.session = data.session_id;
      this.connected(false);
      return;
    }
    this.resumeRequestId = this.nextRequestId();
    const resume: Record<string, unknown> = { session_id: this.session, last_seq: this.userSeq ?? 0 };
    if (this.broadcastSeq !== null) {
      resume.last_broadcast_seq = this.broadcastSeq;
    }
    this.send({ event: 'resume', request_id: this.resumeRequestId, data: resume });
  }

  private onError(data: ErrorData, requestId: string | undefined): void {
    const ref = data.ref ?? requestId ?? null;
    const error = new ServerError(data);
    if (ref !== null && this.refreshing !== null && ref === this.refreshing.requestId) {
      this.refreshing = null; // the token stays as it was: the gateway closes with 4003 at its expiry and the client reconnects
      this.emit('error', error);
      return;
    }
    if (ref !== null && ref === this.resumeRequestId) {
      this.resumeRequestId = null;
      if (data.code === 'session_not_found') {
        // Expired (or never ours): continue on the new session; user events of the gap cannot be replayed.
        this.session = this.greeting?.session_id ?? null;
        this.emit('error', error);
        this.connected(false);
      } else {
        this.abandonTransport(4000, 'resume failed');
        this.dropped(1006, 'resume failed: ' + data.code, false);
      }
      return;
    }
    const request = ref === null ? undefined : this.pending.get(ref);
    if (request) {
      this.pending.delete(ref!);
      request.reject(error);
    } else {
      this.emit('error', error);
    }
  }

  private onUser(frame: Frame<{ event_id: string }>): void {
    if (frame.stream === 'broadcast') {
      this.broadcastSeq = Math.max(this.broadcastSeq ?? 0, frame.seq);
    } else {
      this.userSeq = Math.max(this.userSeq ?? 0, frame.seq);
    }
    const id = frame.data?.event_id;
    if (typeof id === 'string' && !this.delivered.add(id)) {
      this.counters.duplicatesDropped++;
      return;
    }
    this.emit(frame.event as 'portfolio_update', frame.data as unknown as PortfolioUpdate, frame as unknown as Frame<PortfolioUpdate>);
  }

  private onMarket(frame: Frame<MarketData>): void {
    if (frame.event === 'market_orderbook') {
      this.onBook(frame as unknown as Frame<MarketOrderBook>); // books follow book_seq; their seq only orders frames
      return;
    }
    const previous = this.marketSeqs.get(frame.stream);
    if (!frame.snapshot && previous !== undefined && frame.seq <= previous) {
      return; // older than what this connection delivered already
    }
    this.marketSeqs.set(frame.stream, frame.seq);
    if (!frame.snapshot && previous !== undefined && frame.seq > previous + 1) {
      this.counters.gaps++;
      this.emit('gap', { symbol: frame.data.symbol, stream: frame.stream, kind: 'superseded', expected: previous + 1, received: frame.seq });
    }
    this.emit(frame.event as 'market_data', frame.data, frame);
  }

  private onBook(frame: Frame<MarketOrderBook>): void {
    const data = frame.data;
    let book = this.books.get(data.symbol);
    if (!book) {
      book = new OrderBook(data.symbol);
      this.books.set(data.symbol, book);
    }
    const expected = book.bookSeq + 1;
    const outcome = book.apply(data);
    if (outcome === 'applied') {
      this.emit('market_orderbook', data, frame, book);
      return;
    }
    if (outcome === 'gap') {
      this.counters.gaps++;
      this.emit('gap', { symbol: data.symbol, stream: frame.stream, kind: 'book', expected, received: data.book_seq });
    }
    if (!book.synced) {
      this.scheduleBookRepair(data.symbol);
    }
  }

  /** Waits for the snapshot that follows a gap; if none comes in time, asks for one by subscribing the book anew. */
  private scheduleBookRepair(symbol: string): void {
    if (this.bookRepairs.has(symbol)) {
      return;
    }
    this.bookRepairs.set(symbol, setTimeout(() => {
      this.bookRepairs.delete(symbol);
      const book = this.books.get(symbol);
      const subscription = this.marketSubs.get(marketKey(symbol, 'orderbook'));
      if (!book || book.synced || !subscription || this.currentState !== 'connected') {
        return;
      }
      this.counters.bookRepairsRequested++;
      // A subscribe of a stream the connection has is answered without a snapshot: end the stream, then start it again.
      const data: Record<string, unknown> = { symbols: [symbol], data_types: ['orderbook'] };
      this.send({ event: 'unsubscribe_market_data', request_id: this.nextRequestId(), data: { ...data } });
      if (subscription.maxFrequency !== undefined) {
        data.max_frequency = subscription.maxFrequency;
      }
      this.send({ event: 'subscribe_market_data', request_id: this.nextRequestId(), data });
      this.scheduleBookRepair(symbol); // until a snapshot arrives
    }, this.options.bookRepairTimeoutMs ?? 3000));
  }

  // ---- requests and subscriptions ----

  private request(event: string, data: Record<string, unknown>, apply: () => void): Promise<AckData> {
    if (this.isFinal()) {
      return Promise.reject(new ConnectionError('the client is ' + this.currentState, 'closed'));
    }
    const frame: ClientFrame = { event, request_id: this.nextRequestId(), data };
    return new Promise<AckData>((resolve, reject) => {
      this.pending.set(frame.request_id!, { frame, apply, resolve, reject });
      if (this.currentState === 'connected') {
        this.send(frame);
      }
    });
  }

  private settle(requestId: string | undefined, ack: AckData): void {
    const request = requestId === undefined ? undefined : this.pending.get(requestId);
    if (request) {
      this.pending.delete(requestId!);
      request.apply();
      request.resolve(ack);
    }
  }

  private rejectPending(error: MarketStreamError): void {
    const requests = [...this.pending.values()];
    this.pending.clear();
    for (const request of requests) {
      request.reject(error);
    }
  }

  /** After a session that could not be resumed: subscribes again to everything acknowledged before. */
  private restoreSubscriptions(): void {
    const groups = new Map<string, { types: DataType[]; maxFrequency?: number; symbols: Set<string> }>();
    const bySymbol = new Map<string, { types: DataType[]; maxFrequency?: number }>();
    for (const { symbol, type, maxFrequency } of this.marketSubs.values()) {
      const entry = bySymbol.get(symbol + '\u0000' + (maxFrequency ?? ''));
      if (entry) {
        entry.types.push(type);
      } else {
        bySymbol.set(symbol + '\u0000' + (maxFrequency ?? ''), { types: [type], maxFrequency });
      }
    }
    for (const [key, { types, maxFrequency }] of bySymbol) {
      const groupKey = types.sort().join(',') + '|' + (maxFrequency ?? '');
      let group = groups.get(groupKey);
      if (!group) {
        group = { types, maxFrequency, symbols: new Set() };
        groups.set(groupKey, group);
      }
      group.symbols.add(key.slice(0, key.indexOf('\u0000')));
    }
    for (const { types, maxFrequency, symbols } of groups.values()) {
      const all = [...symbols];
      for (let i = 0; i < all.length; i += MAX_SYMBOLS_PER_REQUEST) {
        const data: Record<string, unknown> = { symbols: all.slice(i, i + MAX_SYMBOLS_PER_REQUEST), data_types: types };
        if (maxFrequency !== undefined) {
          data.max_frequency = maxFrequency;
        }
        this.send({ event: 'subscribe_market_data', request_id: this.nextRequestId(), data });
      }
    }
    for (const [portfolioId, updateTypes] of this.portfolioSubs) {
      this.send({ event: 'subscribe_portfolio', request_id: this.nextRequestId(),
        data: updateTypes ? { portfolio_id: portfolioId, update_types: updateTypes } : { portfolio_id: portfolioId } });
    }
    if (this.alertSub) {
      this.send({ event: 'subscribe_alerts', request_id: this.nextRequestId(),
        data: this.alertSub.alertTypes ? { alert_types: this.alertSub.alertTypes } : {} });
    }
  }

  private forgetMarket(symbols: string[], types: DataType[]): void {
    for (const symbol of symbols) {
      for (const type of types) {
        this.marketSubs.delete(marketKey(symbol, type));
      }
      if (types.includes('orderbook')) {
        this.books.delete(symbol);
        clearTimeout(this.bookRepairs.get(symbol));
        this.bookRepairs.delete(symbol);
      }
    }
  }

  private send(frame: ClientFrame): void {
    if (this.transport) {
      try {
        this.transport.send(JSON.stringify(frame));
      } catch {
        // the socket is closing: its close handler reconnects, and pending requests are sent again then
      }
    }
  }

  private nextRequestId(): string {
    return 'c' + (++this.requestCounter).toString(36);
  }

  private setState(change: StateChange): void {
    this.currentState = change.state;
    this.emit('state', change);
  }

  private emit<E extends keyof ClientEvents>(event: E, ...args: Parameters<ClientEvents[E]>): void {
    const set = this.listeners.get(event);
    if (!set) {
      return;
    }
    for (const handler of [...set]) {
      try {
        handler(...args);
      } catch (e) {
        // An application handler's failure is the application's: rethrown outside the client, which carries on.
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  }
}

/** Close code of a connection whose token expired without a `refresh` (docs/protocol.md "Token lifetime"). */
const TOKEN_EXPIRED = 4003;

/** The JWT's `exp` in ms since the epoch; null when the token is not a JWT with a numeric `exp`. */
export function tokenExpiryMs(token: string): number | null {
  const payload = token.split('.')[1];
  if (!payload) {
    return null;
  }
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4))) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : null;
  } catch {
    return null;
  }
}

function marketKey(symbol: string, type: DataType): string {
  return symbol + ':' + type;
}

let defaultTransport: TransportFactory = browserTransport();

/** Replaces the transport clients use when their options name none (the Node entry installs `ws`). */
export function setDefaultTransport(factory: TransportFactory): void {
  defaultTransport = factory;
}

/** Creates a client and connects it: resolves once the first session is established. */
export function connect(options: ClientOptions): Promise<MarketStreamClient> {
  return new MarketStreamClient(options).connect();
}
