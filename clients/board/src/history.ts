import type { CandlestickData, UTCTimestamp } from 'lightweight-charts';

/**
 * Candles of a symbol from before the page opened, oldest first. The chart merges them with the live `market_candle`
 * frames (a live bar wins over a stored one of the same window). The platform keeps no candle history yet: this is
 * the one place where a history source (issue 16's history API, or the `history` option of `subscribe_market_data`)
 * plugs in; until then the chart starts with the live bars.
 */
export async function loadHistory(_symbol: string, _interval: string): Promise<CandlestickData<UTCTimestamp>[]> {
  return [];
}
