/** Reconnect delays: exponential ceilings with full jitter, and the specification's preset. */
import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RECONNECT, SPEC_RECONNECT } from '../../src/index.js';
import { RecentIds } from '../../src/recent-ids.js';

describe('backoffDelay', () => {
  it('draws uniformly below a ceiling that doubles per attempt up to the maximum', () => {
    const policy = { initialDelayMs: 1000, maxDelayMs: 5000, maxAttempts: 10 };
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(policy, a, () => 0.9999))).toEqual([999, 1999, 3999, 4999, 4999]);
    expect(backoffDelay(policy, 3, () => 0)).toBe(0);
  });

  it('spreads clients dropped together over the whole window', () => {
    const delays = Array.from({ length: 1000 }, () => backoffDelay(SPEC_RECONNECT, 1));
    expect(Math.min(...delays)).toBeLessThan(100);
    expect(Math.max(...delays)).toBeGreaterThan(900);
    expect(Math.max(...delays)).toBeLessThan(1000);
  });

  it('has the specification preset of 1 s and 5 attempts, and a default that keeps trying', () => {
    expect(SPEC_RECONNECT).toMatchObject({ initialDelayMs: 1000, maxAttempts: 5 });
    expect(DEFAULT_RECONNECT.maxAttempts).toBe(Infinity);
  });
});

describe('RecentIds', () => {
  it('remembers the most recent ids and forgets the oldest first', () => {
    const ids = new RecentIds(2);
    expect(ids.add('a')).toBe(true);
    expect(ids.add('a')).toBe(false);
    ids.add('b');
    ids.add('c');
    expect(ids.has('a')).toBe(false);
    expect(ids.has('c')).toBe(true);
    expect(ids.size).toBe(2);
  });
});
