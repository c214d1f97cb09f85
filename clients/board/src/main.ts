/**
 * The live market board: the TypeScript client's first user. A watchlist with flashing prices and the age of each
 * update, 1 s candles of the selected symbol (lightweight-charts), its order book, the user's alerts and notifications,
 * and the connection's state with the countdown to the next reconnect attempt.
 *
 * Log in with a local token: `#token=<jwt>` in the URL (scripts/run prints such a link; the fragment never reaches a
 * server) or pasted into the form. `?symbols=A,B` sets the watchlist, `?ws=` another gateway URL.
 */
import { CandlestickSeries, createChart, type CandlestickData, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts';
import { MarketStreamClient, type MarketCandle, type OrderBook, type StateChange } from '@marketstream/client';
import { loadHistory } from './history.ts';

const params = new URLSearchParams(location.search);
const fragment = new URLSearchParams(location.hash.slice(1));
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

interface Quote {
  row: HTMLTableRowElement;
  price: HTMLTableCellElement;
  change: HTMLTableCellElement;
  age: HTMLTableCellElement;
  last?: number;
  updatedAt?: number;
}

const quotes = new Map<string, Quote>();
const candles = new Map<string, CandlestickData<UTCTimestamp>[]>();
let selected = '';
let series: ISeriesApi<'Candlestick'>;
let client: MarketStreamClient;
let retryAt = 0;
let apiToken = '';

const token = fragment.get('token') ?? sessionStorage.getItem('marketstream.token');
if (fragment.has('token')) {
  sessionStorage.setItem('marketstream.token', fragment.get('token')!);
  history.replaceState(null, '', location.pathname + location.search); // keep the token out of the address bar
}
const symbols = (params.get('symbols') ?? sessionStorage.getItem('marketstream.symbols') ?? 'AAPL,MSFT,GOOGL,AMZN,NVDA')
  .split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);

if (token) {
  void start(token, symbols);
} else {
  const form = $<HTMLFormElement>('login');
  form.hidden = false;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const chosen = $<HTMLInputElement>('symbols').value.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
    sessionStorage.setItem('marketstream.token', $<HTMLInputElement>('token').value.trim());
    sessionStorage.setItem('marketstream.symbols', chosen.join(','));
    form.hidden = true;
    void start($<HTMLInputElement>('token').value.trim(), chosen);
  });
}

async function start(jwt: string, watchlist: string[]): Promise<void> {
  $('board').hidden = false;
  apiToken = jwt;
  buildWatchlist(watchlist);
  buildChart();
  const url = params.get('ws') ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  client = new MarketStreamClient({ url, token: jwt, reconnect: { initialDelayMs: 1000, maxDelayMs: 10_000 } });
  client.on('state', showState);
  client.on('session', (s) => ($('session').textContent = `${s.user_id} · session ${s.session_id.slice(0, 8)}`));
  client.on('market_data', (tick) => showPrice(tick.symbol, tick.price, tick.change_percent, tick.timestamp));
  client.on('market_candle', (candle) => candle.interval === '1s' && addCandle(candle));
  client.on('market_orderbook', (_data, _frame, book) => book.symbol === selected && showBook(book));
  client.on('gap', (gap) => gap.kind === 'book' && gap.symbol === selected && ($('book-state').textContent = 'stale: waiting for a snapshot'));
  client.on('trading_alert', (a) => addAlert(a.severity, `${a.symbol ? a.symbol + ': ' : ''}${a.message}`, a.timestamp));
  client.on('system_notification', (n) => addAlert(n.severity, `${n.title ? n.title + ': ' : ''}${n.message}`, n.timestamp));
  client.on('error', (e) => addAlert('warning', `${e.code}: ${e.message}`, new Date().toISOString()));
  setInterval(tickAges, 100);
  try {
    await client.connect();
    await client.subscribeMarketData(watchlist, { dataTypes: ['price', 'candles', 'orderbook'] });
    await client.subscribeAlerts();
  } catch (e) {
    addAlert('critical', String(e instanceof Error ? e.message : e), new Date().toISOString());
  }
}

function buildWatchlist(watchlist: string[]): void {
  const body = $('quotes');
  for (const symbol of watchlist) {
    const row = document.createElement('tr');
    row.dataset.symbol = symbol;
    row.innerHTML = '<td></td><td class="price">—</td><td class="change"></td><td class="age"></td>';
    row.cells[0]!.textContent = symbol;
    row.addEventListener('click', () => select(symbol));
    body.append(row);
    quotes.set(symbol, { row, price: row.cells[1]!, change: row.cells[2]!, age: row.cells[3]! });
  }
  select(watchlist[0] ?? '');
}

function buildChart(): void {
  const chart = createChart($('chart'), {
    layout: { background: { color: '#161b22' }, textColor: '#d6dde6' },
    grid: { vertLines: { color: '#262c36' }, horzLines: { color: '#262c36' } },
    timeScale: { timeVisible: true, secondsVisible: true, barSpacing: 10, rightOffset: 4 },
    autoSize: true,
  });
  series = chart.addSeries(CandlestickSeries, { upColor: '#2ea043', downColor: '#f85149', wickUpColor: '#2ea043', wickDownColor: '#f85149', borderVisible: false });
}

function select(symbol: string): void {
  selected = symbol;
  for (const [s, q] of quotes) {
    q.row.classList.toggle('selected', s === symbol);
  }
  $('chart-symbol').textContent = symbol;
  $('book-symbol').textContent = symbol;
  const known = candles.get(symbol) ?? [];
  series?.setData(known);
  $('chart').dataset.candles = String(known.length);
  const book = client?.book(symbol);
  if (book) {
    showBook(book);
  }
  if (!candles.has(symbol)) {
    candles.set(symbol, []);
    // Stored candles from before the page opened (the history API); live ones follow either way.
    void loadHistory(symbol, '1s', apiToken).then((past) => {
      const merged = mergeCandles(past, candles.get(symbol) ?? []);
      candles.set(symbol, merged);
      if (symbol === selected) {
        series.setData(merged);
        $('chart').dataset.candles = String(merged.length);
      }
    });
  }
}

function showPrice(symbol: string, price: number, changePercent: number, timestamp: string): void {
  const quote = quotes.get(symbol);
  if (!quote) {
    return;
  }
  if (quote.last !== undefined && price !== quote.last) {
    const cls = price > quote.last ? 'flash-up' : 'flash-down';
    quote.price.classList.remove('flash-up', 'flash-down');
    void quote.price.offsetWidth; // restart the animation
    quote.price.classList.add(cls);
  }
  quote.last = price;
  quote.updatedAt = Date.parse(timestamp);
  quote.price.textContent = price.toFixed(2);
  quote.change.textContent = `${changePercent >= 0 ? '+' : ''}${changePercent.toFixed(2)}%`;
  quote.change.className = 'change ' + (changePercent >= 0 ? 'up' : 'down');
}

/** The age of each symbol's last update: now minus its market time, in ms. */
function tickAges(): void {
  const now = Date.now();
  for (const quote of quotes.values()) {
    if (quote.updatedAt !== undefined) {
      quote.age.textContent = `${Math.max(0, now - quote.updatedAt)} ms`;
    }
  }
  if (client?.state === 'reconnecting') {
    $('status').textContent = `reconnecting in ${Math.max(0, (retryAt - now) / 1000).toFixed(1)} s`;
  }
}

function toBar(candle: MarketCandle): CandlestickData<UTCTimestamp> {
  return { time: (Date.parse(candle.window_start) / 1000) as UTCTimestamp, open: candle.open, high: candle.high, low: candle.low, close: candle.close };
}

function mergeCandles(...lists: CandlestickData<UTCTimestamp>[][]): CandlestickData<UTCTimestamp>[] {
  const byTime = new Map<number, CandlestickData<UTCTimestamp>>();
  for (const bar of lists.flat()) {
    byTime.set(bar.time, bar);
  }
  return [...byTime.values()].sort((a, b) => a.time - b.time);
}

function addCandle(candle: MarketCandle): void {
  const bars = candles.get(candle.symbol) ?? [];
  const bar = toBar(candle);
  const last = bars.at(-1);
  if (last && bar.time < last.time) {
    return; // older than the chart's last bar: lightweight-charts only appends or updates the last one
  }
  if (last && last.time === bar.time) {
    bars[bars.length - 1] = bar;
  } else {
    bars.push(bar);
  }
  candles.set(candle.symbol, bars);
  if (candle.symbol === selected) {
    series.update(bar);
    $('chart').dataset.candles = String(bars.length);
  }
}

function showBook(book: OrderBook): void {
  const bids = book.bids(10);
  const asks = book.asks(10);
  const max = Math.max(1, ...bids.map((l) => l.size), ...asks.map((l) => l.size));
  const rows: string[] = [];
  for (let i = 0; i < Math.max(bids.length, asks.length); i++) {
    const bid = bids[i];
    const ask = asks[i];
    const bar = (size: number) => `<span class="bar" style="width:${(100 * size) / max}%"></span>`;
    rows.push(`<tr><td class="size bid-size">${bid ? bar(bid.size) + bid.size : ''}</td><td class="bid">${bid ? bid.price.toFixed(2) : ''}</td>`
      + `<td class="ask">${ask ? ask.price.toFixed(2) : ''}</td><td class="size ask-size">${ask ? bar(ask.size) + ask.size : ''}</td></tr>`);
  }
  $('depth').innerHTML = rows.join('');
  $('book-state').textContent = book.synced ? `book_seq ${book.bookSeq}` : 'stale: waiting for a snapshot';
}

function addAlert(severity: string, text: string, timestamp: string): void {
  const item = document.createElement('li');
  item.dataset.severity = severity;
  item.textContent = `${new Date(timestamp).toLocaleTimeString()} ${text}`;
  $('alerts').prepend(item);
}

function showState(change: StateChange): void {
  const status = $('status');
  status.dataset.state = change.state;
  retryAt = change.retryAt ?? 0;
  status.textContent = change.state === 'connected' ? (change.resumed ? 'connected (resumed)' : 'connected')
    : change.state === 'failed' ? `failed: ${change.error?.message ?? ''}` : change.state;
}
