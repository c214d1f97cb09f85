/**
 * The client against a real packaged gateway on the local stack (started by test/support/global-setup.ts): connect,
 * reconnect and resume without loss after the connection is cut on the server's side, order-book gap repair, and
 * refused tokens as typed errors.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import { AuthError, connect, MarketStreamClient, type ClientOptions, type StateChange } from '../../src/node.js';
import { eventually, Harness } from '../support/harness.js';
import { CuttingProxy } from '../support/proxy.js';

const harness = new Harness(inject('harness').control, inject('harness').gateway.ws);
const cleanups: Array<() => unknown> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup();
  }
});

async function client(user: string, options: Partial<ClientOptions> = {}): Promise<MarketStreamClient> {
  const c = await connect({
    url: harness.gatewayWs, getToken: () => harness.token(user), reconnect: { initialDelayMs: 200, maxDelayMs: 1000 }, ...options,
  });
  cleanups.push(() => c.close());
  return c;
}

async function proxy(): Promise<CuttingProxy> {
  const p = await CuttingProxy.start(harness.gatewayWs);
  cleanups.push(() => p.close());
  return p;
}

describe('the client against a real gateway', () => {
  it('establishes a connection with a valid token and receives live prices', async () => {
    const symbol = await harness.symbol();
    const c = await client(await harness.user('connect'));
    expect(c.state).toBe('connected');
    expect(c.sessionId).toMatch(/^[0-9a-f-]{36}$/);

    const prices: number[] = [];
    c.on('market_data', (tick) => tick.symbol === symbol && prices.push(tick.price));
    await expect(c.subscribeMarketData([symbol], { dataTypes: ['price'] })).resolves.toMatchObject({ symbols: [symbol] });
    await harness.price(symbol, 101.25);
    await eventually('a live price', () => prices.includes(101.25));
  });

  it('reconnects after a disconnect and keeps its subscriptions', async () => {
    const symbol = await harness.symbol();
    const cut = await proxy();
    const c = await client(await harness.user('reconnect'), { url: cut.url });
    const states: StateChange[] = [];
    c.on('state', (s) => states.push(s));
    const prices: number[] = [];
    c.on('market_data', (tick) => prices.push(tick.price));
    await c.subscribeMarketData(symbol);
    const firstSession = c.sessionId;

    cut.cut();
    await eventually('reconnected', () => states.some((s) => s.state === 'connected'));
    expect(states[0]).toMatchObject({ state: 'reconnecting', attempt: 1, closeCode: 1006 });
    expect(states.at(-1)).toMatchObject({ state: 'connected', resumed: true });
    expect(c.sessionId).toBe(firstSession);
    expect(cut.connections).toBe(2);

    await harness.price(symbol, 55.5);
    await eventually('a price after the reconnect', () => prices.includes(55.5));
  });

  it('refuses a forged token with a typed AuthError, and a token without a trading group with 403', async () => {
    const forged = await harness.token('mallory', { kind: 'forged' });
    const refused = await connect({ url: harness.gatewayWs, token: forged }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AuthError);
    expect(refused).toMatchObject({ status: 401, code: 'unauthorized' });

    const expired = await harness.token('late', { kind: 'expired' });
    await expect(connect({ url: harness.gatewayWs, token: expired })).rejects.toMatchObject({ status: 401 });

    const viewer = await harness.token('viewer', { groups: ['viewer'] });
    await expect(connect({ url: harness.gatewayWs, token: viewer })).rejects.toMatchObject({ status: 403, code: 'forbidden' });
  });

  it('resumes without loss: 200 user events published across a server-side cut arrive exactly once, in order', async () => {
    const user = await harness.user('resume');
    const cut = await proxy();
    const c = await client(user, { url: cut.url });
    await c.subscribeAlerts();
    await harness.awaitListening(user);
    const seen: string[] = [];
    const seqs: number[] = [];
    c.on('trading_alert', (alert, frame) => {
      seen.push(alert.event_id);
      seqs.push(frame.seq);
    });

    const published = harness.alerts(user, 1, 200, 8); // about 1.6 s of events
    await eventually('the first 50 events', () => seen.length >= 50);
    cut.cut();
    const seenAtCut = seen.length;
    const ids = await published;
    await eventually('all 200 events', () => seen.length >= 200, 30_000);
    await new Promise((r) => setTimeout(r, 500)); // room for a duplicate to show up

    expect(seenAtCut).toBeLessThan(200); // the cut happened while events were still being published
    expect(c.stats.resumes).toBe(1);
    expect(seen).toEqual(ids);
    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it('repairs an order book after a book_seq gap: first with the snapshot it asks for, then with the next one in the feed', async () => {
    const symbol = await harness.symbol();
    const c = await client(await harness.user('books'), { bookRepairTimeoutMs: 300 });
    const gaps: unknown[] = [];
    c.on('gap', (g) => gaps.push(g));
    await c.subscribeMarketData(symbol, { dataTypes: ['orderbook'] });

    await harness.book(symbol, 1, 'snapshot', ['B 10.00x5', 'B 9.90x5', 'A 10.10x5']);
    await harness.book(symbol, 2, 'delta', ['B 10.00x0', 'A 10.20x3']);
    await eventually('book at 2', () => c.book(symbol)?.bookSeq === 2);
    expect(c.book(symbol)!.bids()).toEqual([{ price: 9.9, size: 5 }]);

    // The feed skips book_seq 3: the gateway's book goes stale too, and the client sees the jump.
    await harness.book(symbol, 4, 'delta', ['B 9.80x1']);
    await eventually('the gap', () => gaps.length === 1);
    expect(gaps[0]).toMatchObject({ symbol, kind: 'book', expected: 3, received: 4 });
    expect(c.book(symbol)!.synced).toBe(false);

    // No snapshot in the feed yet: the client asks, and the gateway answers with the stored one.
    await harness.book(symbol, 5, 'stored', ['B 9.70x2', 'A 9.90x2']);
    await eventually('repaired from the requested snapshot', () => c.book(symbol)?.synced === true);
    expect(c.stats.bookRepairsRequested).toBeGreaterThanOrEqual(1);
    expect(c.book(symbol)!.bookSeq).toBe(5);
    expect(c.book(symbol)!.bids()).toEqual([{ price: 9.7, size: 2 }]);

    await harness.book(symbol, 7, 'delta', ['B 9.60x1']); // another skip
    await eventually('the second gap', () => gaps.length === 2);
    expect(gaps[1]).toMatchObject({ expected: 6, received: 7 });
    await harness.book(symbol, 8, 'snapshot', ['B 9.50x4', 'A 9.60x4']);
    await eventually('repaired by the feed snapshot', () => c.book(symbol)?.bookSeq === 8);
    expect(c.book(symbol)!.synced).toBe(true);
    expect(c.book(symbol)!.asks()).toEqual([{ price: 9.6, size: 4 }]);
  });
});
