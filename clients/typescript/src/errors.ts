/** Errors the client reports: through the `error` event, and as the rejection of the promise they concern. */

/** Base class of every error this package raises. */
export class MarketStreamError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * The gateway refused the token at the handshake: 401 (missing, expired, forged or wrongly issued) or 403 (no
 * `trader`/`operator` group). The client stops reconnecting: a new token is needed.
 */
export class AuthError extends MarketStreamError {
  constructor(readonly status: 401 | 403, message?: string) {
    super(message ?? (status === 401 ? 'the gateway refused the token (401)' : 'the token lacks the trader or operator group (403)'),
      status === 401 ? 'unauthorized' : 'forbidden');
  }
}

/** An `error` event of the protocol: a refused request. `field` names the offending field, if any. */
export class ServerError extends MarketStreamError {
  constructor(readonly data: { code: string; message: string; field: string | null; ref: string | null }) {
    super(data.message, data.code);
  }

  get field(): string | null {
    return this.data.field;
  }
}

/**
 * The connection is gone for good: reconnect attempts ran out, the client was closed, the server said to stop, or the
 * token expired (4003) and there is no `getToken` to fetch a new one.
 */
export class ConnectionError extends MarketStreamError {
  constructor(message: string, code: 'closed' | 'reconnect_exhausted' | 'policy_violation' | 'no_websocket' | 'token_expired',
    readonly closeCode?: number) {
    super(message, code);
  }
}
