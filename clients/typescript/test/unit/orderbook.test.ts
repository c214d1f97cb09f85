/** The order-book rules of docs/protocol.md ("Order books"), one by one. */
import { describe, expect, it } from 'vitest';
import { OrderBook, type MarketOrderBook } from '../../src/index.js';

const frame = (book_seq: number, type: 'snapshot' | 'update', bids: Array<[number, number]>, asks: Array<[number, number]> = []): MarketOrderBook => ({
  symbol: 'AAPL', book_seq, type, timestamp: 't' + book_seq,
  bids: bids.map(([price, size]) => ({ price, size })), asks: asks.map(([price, size]) => ({ price, size })),
});

describe('OrderBook', () => {
  it('takes a snapshot whole, best levels first', () => {
    const book = new OrderBook('AAPL');
    expect(book.apply(frame(5, 'snapshot', [[9, 1], [10, 2]], [[12, 1], [11, 3]]))).toBe('applied');
    expect(book.bids()).toEqual([{ price: 10, size: 2 }, { price: 9, size: 1 }]);
    expect(book.asks(1)).toEqual([{ price: 11, size: 3 }]);
    expect(book.synced).toBe(true);
    expect(book.timestamp).toBe('t5');
  });

  it('ignores updates before its first snapshot', () => {
    const book = new OrderBook('AAPL');
    expect(book.apply(frame(5, 'update', [[9, 1]]))).toBe('ignored');
    expect(book.bids()).toEqual([]);
  });

  it('applies the next update: size 0 removes a level, any other size sets it', () => {
    const book = new OrderBook('AAPL');
    book.apply(frame(5, 'snapshot', [[10, 2], [9, 1]]));
    expect(book.apply(frame(6, 'update', [[10, 0], [9, 4], [8, 1]]))).toBe('applied');
    expect(book.bids()).toEqual([{ price: 9, size: 4 }, { price: 8, size: 1 }]);
    expect(book.bookSeq).toBe(6);
  });

  it('ignores updates it already contains', () => {
    const book = new OrderBook('AAPL');
    book.apply(frame(5, 'snapshot', [[10, 2]]));
    expect(book.apply(frame(5, 'update', [[10, 0]]))).toBe('ignored');
    expect(book.apply(frame(4, 'update', [[10, 0]]))).toBe('ignored');
    expect(book.bids()).toEqual([{ price: 10, size: 2 }]);
  });

  it('goes stale on a skipped book_seq and stays stale until a snapshot', () => {
    const book = new OrderBook('AAPL');
    book.apply(frame(5, 'snapshot', [[10, 2]]));
    expect(book.apply(frame(7, 'update', [[10, 9]]))).toBe('gap');
    expect(book.synced).toBe(false);
    expect(book.apply(frame(8, 'update', [[10, 9]]))).toBe('ignored');
    expect(book.apply(frame(7, 'snapshot', [[10, 3]]))).toBe('applied');
    expect(book.synced).toBe(true);
    expect(book.apply(frame(8, 'update', [[10, 4]]))).toBe('applied');
  });

  it('keeps its book when a snapshot is not newer than what it holds in sync', () => {
    const book = new OrderBook('AAPL');
    book.apply(frame(5, 'snapshot', [[10, 2]]));
    book.apply(frame(6, 'update', [[10, 3]]));
    expect(book.apply(frame(6, 'snapshot', [[10, 1]]))).toBe('ignored');
    expect(book.apply(frame(5, 'snapshot', [[10, 1]]))).toBe('ignored');
    expect(book.bids()).toEqual([{ price: 10, size: 3 }]);
  });
});
