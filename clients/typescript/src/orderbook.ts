import type { MarketOrderBook, PriceLevel } from './types.js';

/** What applying one `market_orderbook` frame did to a book. */
export type BookOutcome =
  /** The frame was applied: the book is in sync at its `book_seq`. */
  | 'applied'
  /** Already contained in the book (at or below its `book_seq`), or arrived while waiting for a snapshot. */
  | 'ignored'
  /** An update skipped a `book_seq`: the book is stale until the next snapshot. */
  | 'gap';

/**
 * One symbol's order book rebuilt from `market_orderbook` frames by the rules of docs/protocol.md ("Order books"):
 * a snapshot replaces the book unless it is already in sync at that `book_seq` or later; an update applies only at
 * `book_seq` + 1 (size 0 removes a level); a higher one means a missed change, and the book waits for a snapshot.
 */
export class OrderBook {
  private readonly bidLevels = new Map<number, number>();
  private readonly askLevels = new Map<number, number>();
  private seq = -1;
  private inSync = false;
  private time = '';

  constructor(readonly symbol: string) {}

  /** The `book_seq` of the last frame applied; -1 before the first snapshot. */
  get bookSeq(): number {
    return this.seq;
  }

  /** True when the book holds exactly the book of {@link bookSeq}; false before the first snapshot and after a gap. */
  get synced(): boolean {
    return this.inSync;
  }

  /** Market time of the last frame applied. */
  get timestamp(): string {
    return this.time;
  }

  apply(frame: MarketOrderBook): BookOutcome {
    if (frame.type === 'snapshot') {
      if (this.inSync && this.seq >= frame.book_seq) {
        return 'ignored';
      }
      this.bidLevels.clear();
      this.askLevels.clear();
      set(this.bidLevels, frame.bids);
      set(this.askLevels, frame.asks);
      return this.accept(frame);
    }
    if (!this.inSync || frame.book_seq <= this.seq) {
      return 'ignored';
    }
    if (frame.book_seq > this.seq + 1) {
      this.inSync = false;
      return 'gap';
    }
    set(this.bidLevels, frame.bids);
    set(this.askLevels, frame.asks);
    return this.accept(frame);
  }

  /** Bids, best (highest price) first; at most `depth` levels. */
  bids(depth = Infinity): PriceLevel[] {
    return sorted(this.bidLevels, (a, b) => b - a, depth);
  }

  /** Asks, best (lowest price) first; at most `depth` levels. */
  asks(depth = Infinity): PriceLevel[] {
    return sorted(this.askLevels, (a, b) => a - b, depth);
  }

  private accept(frame: MarketOrderBook): 'applied' {
    this.seq = frame.book_seq;
    this.inSync = true;
    this.time = frame.timestamp;
    return 'applied';
  }
}

function set(levels: Map<number, number>, changes: PriceLevel[]): void {
  for (const { price, size } of changes) {
    if (size === 0) {
      levels.delete(price);
    } else {
      levels.set(price, size);
    }
  }
}

function sorted(levels: Map<number, number>, order: (a: number, b: number) => number, depth: number): PriceLevel[] {
  return [...levels.keys()].sort(order).slice(0, depth).map((price) => ({ price, size: levels.get(price)! }));
}
