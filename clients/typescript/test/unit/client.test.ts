/** The client's connection rules, driven through a fake socket with fake timers: reconnect, resume, dedup, books, auth, token refresh. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthError, ConnectionError, MarketStreamClient, ServerError, SPEC_RECONNECT, type ClientOptions, type StateChange } from '../../src/index.js';
import { tokenExpiryMs } from '../../src/client.js';
import { FakeGateway } from '../support/fake-transport.js';

let gateway: FakeGateway;

beforeEach(() => {
  vi.useFakeTimers();
  gateway = new FakeGateway();
});

afterEach(() => {
  vi.useRealTimers();
});

/** Lets the client's pending promises (token lookup, connect) run. */
const settle = () => vi.advanceTimersByTimeAsync(0);

function client(options: Partial<ClientOptions> = {}): MarketStreamClient {
  return new MarketStreamClient({ url: 'ws://pod-a/ws', token: 't1', transport: gateway.transport, random: () => 0.5, ...options });
}

async function connected(options: Partial<ClientOptions> = {}, sessionId = 's1'): Promise<MarketStreamClient> {
  const c = client(options);
  const ready = c.connect();
  await settle();
  gateway.latest.accept(sessionId);
  await ready;
  return c;
}

function alert(seq: number, eventId = 'e' + seq) {
  return [{ alert_id: 'a' + seq, user_id: 'alice', type: 'price', message: 'm' + seq, severity: 'info', timestamp: 't', event_id: eventId }, { seq }] as const;
}

describe('connecting', () => {
  it('connects with the token and resolves once the session arrives', async () => {
    const c = client();
    const states: string[] = [];
    c.on('state', (s) => states.push(s.state));
    const ready = c.connect();
    await settle();
    expect(gateway.latest.url).toBe('ws://pod-a/ws');
    expect(gateway.latest.token).toBe('t1');
    gateway.latest.accept('s1');
    await expect(ready).resolves.toBe(c);
    expect(c.sessionId).toBe('s1');
    expect(states).toEqual(['connecting', 'connected']);
  });

  it('rejects with a typed AuthError when the token is refused, and stops', async () => {
    const c = client();
    const ready = c.connect();
    await settle();
    gateway.latest.reject(401);
    const error = await ready.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).status).toBe(401);
    expect(c.state).toBe('failed');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(gateway.connections).toHaveLength(1);
  });

  it('asks getToken again after a 401 and connects with the fresh token', async () => {
    const tokens = ['stale', 'fresh'];
    const c = client({ token: undefined, getToken: () => tokens.shift()! });
    const ready = c.connect();
    await settle();
    gateway.latest.reject(401);
    await settle();
    expect(gateway.latest.token).toBe('fresh');
    gateway.latest.accept('s1');
    await expect(ready).resolves.toBe(c);
  });

  it('reports 403 as forbidden', async () => {
    const c = client();
    const ready = c.connect();
    await settle();
    gateway.latest.reject(403);
    await expect(ready).rejects.toMatchObject({ code: 'forbidden', status: 403 });
  });
});

describe('reconnecting', () => {
  it('waits a jittered exponential delay, then resumes the session with the last user seq', async () => {
    const c = await connected({ reconnect: SPEC_RECONNECT });
    const sub = c.subscribeAlerts();
    gateway.latest.ack('subscribe_alerts', { stream: 'alerts', alert_types: [] });
    await sub;
    const states: StateChange[] = [];
    c.on('state', (s) => states.push(s));
    gateway.latest.push('trading_alert', 'user', ...alert(7));

    gateway.latest.drop(1006);
    expect(states.at(-1)).toMatchObject({ state: 'reconnecting', attempt: 1, delayMs: 500, closeCode: 1006 });
    expect(states.at(-1)!.retryAt).toBe(Date.now() + 500);
    await vi.advanceTimersByTimeAsync(499);
    expect(gateway.connections).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(gateway.connections).toHaveLength(2);

    gateway.latest.accept('s2');
    expect(gateway.latest.last('resume').data).toEqual({ session_id: 's1', last_seq: 7 });
    expect(c.state).toBe('reconnecting');
    gateway.latest.resumed('s1');
    expect(states.at(-1)).toMatchObject({ state: 'connected', resumed: true });
    expect(c.sessionId).toBe('s1');
    expect(gateway.latest.events()).not.toContain('subscribe_alerts'); // the resumed session has it
  });

  it('doubles the delay ceiling per failed attempt and gives up after maxAttempts', async () => {
    const c = await connected({ reconnect: SPEC_RECONNECT, random: () => 0.999 });
    const delays: number[] = [];
    const errors: unknown[] = [];
    c.on('state', (s) => s.state === 'reconnecting' && delays.push(s.delayMs!));
    c.on('error', (e) => errors.push(e));
    gateway.latest.drop(1006);
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(20_000);
      gateway.latest.drop(1006);
    }
    expect(delays).toEqual([999, 1998, 3996, 7992, 15984]);
    expect(c.state).toBe('failed');
    expect(errors[0]).toBeInstanceOf(ConnectionError);
    expect((errors[0] as ConnectionError).code).toBe('reconnect_exhausted');
  });

  it('moves to the next gateway URL after a 1012 and after a 503', async () => {
    const c = await connected({ url: ['ws://pod-a/ws', 'ws://pod-b/ws'] });
    gateway.latest.drop(1012, 'service restart');
    await vi.advanceTimersByTimeAsync(1000);
    expect(gateway.latest.url).toBe('ws://pod-b/ws');
    gateway.latest.reject(503);
    await vi.advanceTimersByTimeAsync(2000);
    expect(gateway.latest.url).toBe('ws://pod-a/ws');
    gateway.latest.accept('s2');
    gateway.latest.resumed('s1');
    expect(c.state).toBe('connected');
  });

  it('asks getToken before every attempt', async () => {
    let n = 0;
    await connected({ token: undefined, getToken: async () => 'token-' + ++n });
    gateway.latest.drop(1001);
    await vi.advanceTimersByTimeAsync(1000);
    expect(gateway.latest.token).toBe('token-2');
  });

  it('stops at 1008: the client is at fault', async () => {
    const c = await connected();
    gateway.latest.drop(1008, 'policy violation');
    expect(c.state).toBe('failed');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(gateway.connections).toHaveLength(1);
  });

  it('continues on the new session and subscribes again when the old one cannot be resumed', async () => {
    const c = await connected();
    const sub = c.subscribeMarketData(['AAPL', 'MSFT'], { dataTypes: ['price', 'orderbook'], maxFrequency: 5 });
    gateway.latest.ack('subscribe_market_data');
    await sub;
    void c.subscribePortfolio('pf-1', { updateTypes: ['trade'] });
    gateway.latest.ack('subscribe_portfolio', { stream: 'portfolio' });
    const errors: unknown[] = [];
    c.on('error', (e) => errors.push(e));

    gateway.latest.drop(1006);
    await vi.advanceTimersByTimeAsync(1000);
    gateway.latest.accept('s2');
    gateway.latest.refuse('resume', 'session_not_found', 'data.session_id');

    expect(c.state).toBe('connected');
    expect(c.sessionId).toBe('s2');
    expect((errors[0] as ServerError).code).toBe('session_not_found');
    expect(gateway.latest.last('subscribe_market_data').data).toEqual({
      symbols: ['AAPL', 'MSFT'], data_types: ['orderbook', 'price'], max_frequency: 5,
    });
    expect(gateway.latest.last('subscribe_portfolio').data).toEqual({ portfolio_id: 'pf-1', update_types: ['trade'] });
  });

  it('sends requests made while away once the session is back, and resolves them with their answer', async () => {
    const c = await connected();
    gateway.latest.drop(1006);
    const sub = c.subscribeMarketData('GOOGL');
    await vi.advanceTimersByTimeAsync(1000);
    gateway.latest.accept('s2');
    expect(gateway.latest.events()).toEqual(['resume']);
    gateway.latest.resumed('s1');
    expect(gateway.latest.last('subscribe_market_data').data).toEqual({ symbols: ['GOOGL'], data_types: ['price'] });
    gateway.latest.ack('subscribe_market_data', { stream: 'market_data', symbols: ['GOOGL'] });
    await expect(sub).resolves.toMatchObject({ symbols: ['GOOGL'] });
  });
});

describe('user events', () => {
  it('delivers each event_id once, in order, across a resume that replays some again', async () => {
    const c = await connected();
    const seen: string[] = [];
    c.on('trading_alert', (a) => seen.push(a.event_id));
    gateway.latest.push('trading_alert', 'user', ...alert(1));
    gateway.latest.push('trading_alert', 'user', ...alert(2));
    gateway.latest.drop(4001, 'slow consumer');
    await vi.advanceTimersByTimeAsync(1000);
    gateway.latest.accept('s2').resumed('s1');
    gateway.latest.push('trading_alert', 'user', ...alert(2)); // replayed again by a racing pod
    gateway.latest.push('trading_alert', 'user', ...alert(3));
    gateway.latest.push('trading_alert', 'user', ...alert(4, 'e3')); // same event under another seq
    expect(seen).toEqual(['e1', 'e2', 'e3']);
    expect(c.stats.duplicatesDropped).toBe(2);
    expect(c.lastUserSeq).toBe(4);
  });

  it('resumes broadcasts from the last broadcast seq', async () => {
    const c = await connected();
    gateway.latest.push('system_notification', 'broadcast',
      { notification_id: 'n', message: 'hi', severity: 'info', broadcast: true, timestamp: 't', event_id: 'b1' }, { seq: 12 });
    gateway.latest.drop(1001);
    await vi.advanceTimersByTimeAsync(1000);
    gateway.latest.accept('s2');
    expect(gateway.latest.last('resume').data).toEqual({ session_id: 's1', last_seq: 0, last_broadcast_seq: 12 });
    expect(c.resumeState()).toEqual({ sessionId: 's1', lastUserSeq: 0, lastBroadcastSeq: 12 });
  });

  it('resumes a session handed over from an earlier client', async () => {
    const c = client({ resume: { sessionId: 'old', lastUserSeq: 41 } });
    const ready = c.connect();
    await settle();
    gateway.latest.accept('new');
    expect(gateway.latest.last('resume').data).toEqual({ session_id: 'old', last_seq: 41 });
    gateway.latest.resumed('old');
    await ready;
    expect(c.sessionId).toBe('old');
  });
});

describe('market streams', () => {
  it('reports a seq gap on a value stream and drops frames older than the last one', async () => {
    const c = await connected();
    const prices: number[] = [];
    const gaps: unknown[] = [];
    c.on('market_data', (d) => prices.push(d.price));
    c.on('gap', (g) => gaps.push(g));
    const tick = (price: number, seq: number, snapshot = false) => gateway.latest.push('market_data', 'AAPL:price',
      { symbol: 'AAPL', price, volume: 1, timestamp: 't', change: 0, change_percent: 0 }, { seq, snapshot });
    tick(10, 4, true);
    tick(11, 5);
    tick(13, 7);
    tick(12, 6);
    expect(prices).toEqual([10, 11, 13]);
    expect(gaps).toEqual([{ symbol: 'AAPL', stream: 'AAPL:price', kind: 'superseded', expected: 6, received: 7 }]);
  });

  it('rebuilds order books, waits for a snapshot after a gap, and asks for one when none comes', async () => {
    const c = await connected({ bookRepairTimeoutMs: 3000 });
    const sub = c.subscribeMarketData('AAPL', { dataTypes: ['orderbook'] });
    gateway.latest.ack('subscribe_market_data');
    await sub;
    const gaps: unknown[] = [];
    c.on('gap', (g) => gaps.push(g));
    const book = (book_seq: number, type: 'snapshot' | 'update', bids: number[][], asks: number[][] = []) =>
      gateway.latest.push('market_orderbook', 'AAPL:orderbook', {
        symbol: 'AAPL', book_seq, type, timestamp: 't',
        bids: bids.map(([price, size]) => ({ price, size })), asks: asks.map(([price, size]) => ({ price, size })),
      }, { snapshot: type === 'snapshot' });

    book(100, 'snapshot', [[10, 5], [9, 5]], [[11, 5]]);
    book(101, 'update', [[10, 0], [9.5, 7]]);
    expect(c.book('AAPL')!.bids()).toEqual([{ price: 9.5, size: 7 }, { price: 9, size: 5 }]);
    book(103, 'update', [[8, 1]]);
    expect(c.book('AAPL')!.synced).toBe(false);
    expect(gaps).toEqual([{ symbol: 'AAPL', stream: 'AAPL:orderbook', kind: 'book', expected: 102, received: 103 }]);

    const before = gateway.latest.sent.length;
    await vi.advanceTimersByTimeAsync(2999);
    expect(gateway.latest.sent.length).toBe(before);
    await vi.advanceTimersByTimeAsync(1);
    expect(gateway.latest.events().slice(-2)).toEqual(['unsubscribe_market_data', 'subscribe_market_data']);
    expect(gateway.latest.last('unsubscribe_market_data').data).toEqual({ symbols: ['AAPL'], data_types: ['orderbook'] });
    expect(gateway.latest.last('subscribe_market_data').data).toEqual({ symbols: ['AAPL'], data_types: ['orderbook'] });
    book(104, 'snapshot', [[9, 1]], [[11, 2]]);
    expect(c.book('AAPL')!.synced).toBe(true);
    expect(c.book('AAPL')!.bookSeq).toBe(104);
    expect(c.stats.bookRepairsRequested).toBe(1);
  });
});

describe('requests', () => {
  it('rejects a refused subscription with the field the server named', async () => {
    const c = await connected();
    const sub = c.subscribeMarketData('NOPE');
    gateway.latest.refuse('subscribe_market_data', 'unknown_symbol', 'data.symbols');
    const error = await sub.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).field).toBe('data.symbols');
  });

  it('rejects pending requests when closed', async () => {
    const c = await connected();
    const sub = c.subscribeAlerts();
    c.close();
    await expect(sub).rejects.toBeInstanceOf(ConnectionError);
    expect(gateway.latest.closedByClient).toEqual({ code: 1000, reason: 'client closed' });
  });
});

describe('heartbeat', () => {
  it('pings after a silent interval and reconnects when nothing answers', async () => {
    const c = await connected({ heartbeat: { intervalMs: 5000, timeoutMs: 3000 } });
    await vi.advanceTimersByTimeAsync(5000);
    expect(gateway.latest.last('ping').data.client_time).toBeTypeOf('number');
    await vi.advanceTimersByTimeAsync(2000);
    gateway.latest.push('pong', 'control', { server_time: 1, client_time: Date.now() - 40 });
    expect(c.latencyMs).toBe(40);
    await vi.advanceTimersByTimeAsync(7000);
    expect(c.state).toBe('connected');
    await vi.advanceTimersByTimeAsync(1000);
    expect(c.state).toBe('reconnecting');
    expect(gateway.connections[0]!.closedByClient).toEqual({ code: 4000, reason: 'heartbeat timeout' });
  });
});

/** A JWT-shaped token (unsigned: the fake gateway checks nothing) that expires `seconds` from the fake clock's now. */
function jwt(seconds: number, sub = 'alice'): string {
  const payload = { sub, exp: Math.floor(Date.now() / 1000) + seconds };
  return 'eyJhbGciOiJSUzI1NiJ9.' + Buffer.from(JSON.stringify(payload)).toString('base64url') + '.signature';
}

/** Connected without heartbeat: the fake gateway answers no pings, and these tests wait minutes of fake time. */
const connectedQuietly = (options: Partial<ClientOptions>) => connected({ heartbeat: false, ...options });

describe('token lifetime: refresh before exp with getToken, 4003 as "reconnect with a new token"', () => {
  it('reads exp from a JWT', () => {
    const token = jwt(100);
    expect(tokenExpiryMs(token)).toBe((Math.floor(Date.now() / 1000) + 100) * 1000);
    expect(tokenExpiryMs('not-a-jwt')).toBeNull();
  });

  it('sends a fresh token with refresh before the token expires and stays on the same connection', async () => {
    const first = jwt(100);
    const tokens = [first];
    const c = await connectedQuietly({ getToken: () => tokens.shift() ?? jwt(3600) });

    await vi.advanceTimersByTimeAsync(70_000);
    expect(gateway.latest.events()).not.toContain('refresh');
    await vi.advanceTimersByTimeAsync(11_000);
    const refresh = gateway.latest.last('refresh');
    expect(refresh.data.token).not.toBe(first);
    expect(tokenExpiryMs(refresh.data.token as string)).toBeGreaterThan(tokenExpiryMs(first)!);
    gateway.latest.push('refreshed', 'control', { closes_at: 0 }, { request_id: refresh.request_id });

    await vi.advanceTimersByTimeAsync(60_000);
    expect(gateway.connections).toHaveLength(1);
    expect(c.state).toBe('connected');
  });

  it('reports a refused refresh and reconnects with a new token when the gateway then closes with 4003', async () => {
    const c = await connectedQuietly({ getToken: () => jwt(10) });
    const errors: unknown[] = [];
    c.on('error', (e) => errors.push(e));
    await vi.advanceTimersByTimeAsync(9_000);
    gateway.latest.refuse('refresh', 'invalid_token', 'data.token');
    expect(errors[0]).toBeInstanceOf(ServerError);
    expect((errors[0] as ServerError).code).toBe('invalid_token');

    gateway.latest.drop(4003, 'token expired');
    await settle();
    expect(gateway.connections).toHaveLength(2);
    gateway.latest.accept('s2');
    expect(gateway.latest.last('resume').data).toMatchObject({ session_id: 's1' });
  });

  it('fails with token_expired on 4003 when there is no getToken', async () => {
    const c = await connectedQuietly({ token: jwt(5) });
    const failed = new Promise<unknown>((resolve) => c.on('error', resolve));
    gateway.latest.drop(4003, 'token expired');
    const error = await failed;
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).code).toBe('token_expired');
    expect(c.state).toBe('failed');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(gateway.connections).toHaveLength(1);
  });
});
