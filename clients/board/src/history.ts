import type { CandlestickData, UTCTimestamp } from 'lightweight-charts';

/** One bar of the gateway's history API (`GET /api/v1/market/{symbol}/candles`), as in a `market_candle` frame. */
interface StoredBar {
  window_start: string;
  open: number | string;
  high: number | string;
  low: number | string;
  close: number | string;
}

/** Bars shown before the live ones: enough for the chart's visible range without paging. */
export const HISTORY_BARS = 300;

/**
 * Candles of a symbol from before the page opened, oldest first, from the gateway's history API (bars stored in
 * PostgreSQL by the stream processor). The chart merges them with the live `market_candle` frames (a live bar wins
 * over a stored one of the same window). A symbol without history, or an API that refuses, gives no bars: the
 * chart then starts with the live ones.
 */
export async function loadHistory(symbol: string, interval: string, token: string,
  fetchFn: typeof fetch = fetch): Promise<CandlestickData<UTCTimestamp>[]> {
  const query = new URLSearchParams({ interval, limit: String(HISTORY_BARS) });
  try {
    const response = await fetchFn(`/api/v1/market/${encodeURIComponent(symbol)}/candles?${query}`, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
    });
    if (!response.ok) {
      return [];
    }
    const page = (await response.json()) as { candles?: StoredBar[] };
    return (page.candles ?? []).map((bar) => ({
      time: (Date.parse(bar.window_start) / 1000) as UTCTimestamp,
      open: Number(bar.open), high: Number(bar.high), low: Number(bar.low), close: Number(bar.close),
    }));
  } catch {
    return []; // offline or no gateway behind the page: live bars only
  }
}
