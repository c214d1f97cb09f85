import type { TransportFactory, TransportHandlers } from '../../src/transport.js';

/** One connection the client opened through {@link FakeGateway}: what it sent, and the server's side of it. */
export class FakeConnection {
  readonly sent: Array<{ event: string; request_id?: string; data: Record<string, unknown> }> = [];
  closedByClient: { code?: number; reason?: string } | null = null;
  private seqs = new Map<string, number>();

  constructor(readonly url: string, readonly token: string, private readonly handlers: TransportHandlers) {}

  /** Completes the handshake and greets with a new session, as the gateway does. */
  accept(sessionId: string, userId = 'alice'): this {
    this.handlers.open();
    return this.push('session', 'control', { session_id: sessionId, user_id: userId, resume_window_seconds: 120 });
  }

  /** A server frame; `seq` follows the stream unless given. */
  push(event: string, stream: string, data: unknown, extra: { seq?: number; request_id?: string; snapshot?: boolean } = {}): this {
    const seq = extra.seq ?? (this.seqs.get(stream) ?? 0) + 1;
    this.seqs.set(stream, seq);
    this.handlers.message(JSON.stringify({ event, stream, seq, ...extra, data }));
    return this;
  }

  /** Answers the last request of this kind with `subscribed` / `unsubscribed`. */
  ack(event: string, data: Record<string, unknown> = { stream: 'market_data' }): this {
    const request = this.last(event);
    const answer = event.startsWith('unsubscribe') ? 'unsubscribed' : 'subscribed';
    return this.push(answer, 'control', data, { request_id: request.request_id });
  }

  /** Answers the last request of this kind with an `error`. */
  refuse(event: string, code: string, field: string | null = null): this {
    const request = this.last(event);
    return this.push('error', 'control', { code, message: `${field}: refused`, field, ref: request.request_id ?? null },
      { request_id: request.request_id });
  }

  /** Answers the resume request with the resumed session. */
  resumed(sessionId: string): this {
    const request = this.last('resume');
    return this.push('session', 'control', { session_id: sessionId, resumed: true, user_id: 'alice', resume_window_seconds: 120 },
      { request_id: request.request_id });
  }

  drop(code = 1006, reason = ''): void {
    this.handlers.close(code, reason);
  }

  reject(status: number): void {
    this.handlers.rejected(status);
  }

  last(event: string): { event: string; request_id?: string; data: Record<string, unknown> } {
    const found = [...this.sent].reverse().find((f) => f.event === event);
    if (!found) {
      throw new Error(`no ${event} sent; sent: ${this.sent.map((f) => f.event).join(', ')}`);
    }
    return found;
  }

  events(): string[] {
    return this.sent.map((f) => f.event);
  }
}

/** A transport whose connections a test drives by hand. */
export class FakeGateway {
  readonly connections: FakeConnection[] = [];

  readonly transport: TransportFactory = (url, token, handlers) => {
    const connection = new FakeConnection(url, token, handlers);
    this.connections.push(connection);
    return {
      send: (text) => connection.sent.push(JSON.parse(text)),
      close: (code, reason) => {
        connection.closedByClient = { code, reason };
      },
    };
  };

  get latest(): FakeConnection {
    const connection = this.connections.at(-1);
    if (!connection) {
      throw new Error('no connection opened');
    }
    return connection;
  }
}
