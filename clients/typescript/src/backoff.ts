/** Reconnect timing: exponential backoff with full jitter. */

/** When and how often to reconnect. */
export interface ReconnectPolicy {
  /** Ceiling of the first delay, in ms. */
  initialDelayMs: number;
  /** Ceiling of any delay, in ms. */
  maxDelayMs: number;
  /** Attempts after a drop before giving up (`Infinity`: never give up). */
  maxAttempts: number;
}

/** The product specification's preset: 1 s first delay, 5 attempts. */
export const SPEC_RECONNECT: ReconnectPolicy = Object.freeze({ initialDelayMs: 1000, maxDelayMs: 16_000, maxAttempts: 5 });

/** The default: starts at 0.5 s, caps at 30 s, keeps trying. */
export const DEFAULT_RECONNECT: ReconnectPolicy = Object.freeze({ initialDelayMs: 500, maxDelayMs: 30_000, maxAttempts: Infinity });

/**
 * The delay before attempt `attempt` (1 = the first after a drop): a uniformly random value between 0 and
 * `min(maxDelayMs, initialDelayMs * 2^(attempt-1))` ("full jitter"), so clients dropped together do not come back
 * together.
 */
export function backoffDelay(policy: ReconnectPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}
