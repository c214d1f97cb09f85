/** Proves the board's history loader asks the gateway's history API with the token and maps its bars for the chart. */
import { describe, expect, it } from 'vitest';
import { HISTORY_BARS, loadHistory } from '../src/history.ts';

describe('loadHistory', () => {
  it('asks the history API with the token and maps stored bars, oldest first', async () => {
    const asked: { url: string; auth: string | null }[] = [];
    const fake = (async (url: string, init?: RequestInit) => {
      asked.push({ url, auth: new Headers(init?.headers).get('Authorization') });
      return new Response(JSON.stringify({ symbol: 'AAPL', interval: '1s', candles: [
        { window_start: '2026-12-05T10:00:00Z', open: 189.1, high: 189.5, low: 189.0, close: '189.4' },
        { window_start: '2026-12-05T10:00:01Z', open: 189.4, high: 189.6, low: 189.3, close: 189.6 },
      ] }), { status: 200, headers: { 'Content-Type': 'application/json' } });
    }) as typeof fetch;

    const bars = await loadHistory('AAPL', '1s', 'jwt-1', fake);

    expect(asked).toEqual([{ url: `/api/v1/market/AAPL/candles?interval=1s&limit=${HISTORY_BARS}`, auth: 'Bearer jwt-1' }]);
    expect(bars).toEqual([
      { time: Date.parse('2026-12-05T10:00:00Z') / 1000, open: 189.1, high: 189.5, low: 189.0, close: 189.4 },
      { time: Date.parse('2026-12-05T10:00:01Z') / 1000, open: 189.4, high: 189.6, low: 189.3, close: 189.6 },
    ]);
  });

  it('gives no bars when the API refuses or cannot be reached, so the chart starts with live ones', async () => {
    const refusing = (async () => new Response('{"status":404}', { status: 404 })) as typeof fetch;
    const offline = (async () => { throw new TypeError('fetch failed'); }) as typeof fetch;
    expect(await loadHistory('NOPE', '1s', 'jwt', refusing)).toEqual([]);
    expect(await loadHistory('AAPL', '1s', 'jwt', offline)).toEqual([]);
  });
});
