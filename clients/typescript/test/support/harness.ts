/** The tests' handle on the gateway harness's control API (see GatewayHarness's Javadoc); free of vitest, so the board's test can use it too. */

export class Harness {
  constructor(readonly control: string, readonly gatewayWs: string) {}

  async call<T = Record<string, unknown>>(path: string, body: unknown = {}): Promise<T> {
    const response = await fetch(this.control + path, { method: 'POST', body: JSON.stringify(body) });
    const answer = (await response.json()) as T & { error?: string };
    if (!response.ok) {
      throw new Error(`harness ${path}: ${answer.error ?? response.status}`);
    }
    return answer;
  }

  async token(user: string, options: { kind?: 'valid' | 'expired' | 'forged'; groups?: string[]; ttlSeconds?: number } = {}): Promise<string> {
    const body: Record<string, unknown> = { user, kind: options.kind ?? 'valid' };
    if (options.groups) {
      body.groups = options.groups;
    }
    if (options.ttlSeconds !== undefined) {
      body.ttl_seconds = options.ttlSeconds;
    }
    return (await this.call<{ token: string }>('/token', body)).token;
  }

  async symbol(): Promise<string> {
    return (await this.call<{ symbols: string[] }>('/symbols', { count: 1 })).symbols[0]!;
  }

  async user(prefix: string): Promise<string> {
    return (await this.call<{ user: string }>('/users', { prefix })).user;
  }

  price(symbol: string, price: number): Promise<unknown> {
    return this.call('/market/price', { symbol, price: String(price) });
  }

  book(symbol: string, bookSeq: number, kind: 'snapshot' | 'delta' | 'stored', levels: string[]): Promise<unknown> {
    return this.call('/market/book', { symbol, book_seq: bookSeq, snapshot: kind !== 'delta', store_only: kind === 'stored', levels });
  }

  awaitListening(user: string): Promise<unknown> {
    return this.call('/user-events/await-listening', { user });
  }

  /** Delivers alerts numbered firstSeq.. as the event-processor would; resolves with their event ids once all are out. */
  async alerts(user: string, firstSeq: number, count: number, pauseMs = 0): Promise<string[]> {
    return (await this.call<{ event_ids: string[] }>('/user-events/alerts', { user, first_seq: firstSeq, count, pause_ms: pauseMs })).event_ids;
  }

  async startGateway(): Promise<{ pod: string; ws: string }> {
    return this.call('/gateways');
  }

  terminateGateway(pod: string): Promise<unknown> {
    return this.call('/gateways/terminate', { pod });
  }
}

/** Resolves when `condition` holds, polling every 20 ms; rejects with `what` after `timeoutMs`. */
export async function eventually(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error('timed out waiting for ' + what);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}
