// The parts of load.js that do not need a socket: its arguments, what connection i subscribes to, the tick
// timestamp of a frame, and the key=value result. Mirrors bench/ws-load's WsLoad and Args so both clients run one
// scenario and write one format; scenario.test.js drives them.

/** WsLoad's arguments and defaults; null marks a required one. */
export const DEFAULTS = Object.freeze({
  host: '127.0.0.1', port: '8080', token: null, connections: '1000', first: '0', symbols: '1000', perConn: '1',
  prefix: 'BENCH', ramp: '1000', settle: '10', duration: '60', sourceFrom: '2', sources: '2', compress: 'false',
  gatewayPid: '', out: 'ws-load',
});

/** Parses `key=value` arguments; refuses unknown keys, missing required ones and non-loopback hosts. */
export function parseArgs(argv) {
  const given = {};
  for (const arg of argv) {
    const eq = arg.indexOf('=');
    if (eq < 1 || !Object.hasOwn(DEFAULTS, arg.slice(0, eq))) {
      throw new Error(`unknown argument '${arg}'; known: ${Object.keys(DEFAULTS).join(', ')}`);
    }
    given[arg.slice(0, eq)] = arg.slice(eq + 1);
  }
  const text = (key) => {
    const value = given[key] ?? DEFAULTS[key];
    if (value === null || value === '') throw new Error(`argument ${key}= is required`);
    return value;
  };
  const integer = (key) => {
    const value = Number(text(key));
    if (!Number.isInteger(value) || value < 0) throw new Error(`argument ${key}= must be a whole number, not '${text(key)}'`);
    return value;
  };
  const host = text('host');
  if (!host.startsWith('127.')) throw new Error(`loopback targets only, not ${host}`);
  const sourceFrom = integer('sourceFrom');
  const sources = Array.from({ length: integer('sources') }, (_, s) => `127.0.0.${sourceFrom + s}`);
  const gatewayPid = given.gatewayPid ?? DEFAULTS.gatewayPid;
  return {
    host, port: integer('port'), token: text('token'), connections: integer('connections'), first: integer('first'),
    symbols: integer('symbols'), perConn: integer('perConn'), prefix: text('prefix'), ramp: Math.max(1, integer('ramp')),
    settle: Math.min(300, integer('settle')), duration: Math.min(600, integer('duration')), sources,
    compress: text('compress') === 'true', gatewayPid: gatewayPid === '' ? null : Number(gatewayPid), out: text('out'),
  };
}

/**
 * The symbols connection i subscribes to, as WsLoad's Scenario picks them: perConn distinct symbols drawn by mulberry32
 * seeded with the connection's number (first + i), spread over the whole list as in the Socket.IO anchor's client.
 */
export function symbolsOf(args, i) {
  const next = mulberry32(args.first + i);
  const drawn = new Set();
  while (drawn.size < Math.min(args.perConn, args.symbols)) {
    drawn.add(Math.floor(next() / 4294967296 * args.symbols));
  }
  return [...drawn].map((s) => args.prefix + s);
}

/** Tommy Ettinger's mulberry32, returning the next 32 bits unsigned; Scenario.Mulberry32 computes the same in Java. */
function mulberry32(seed) {
  let state = seed | 0;
  return () => {
    state = (state + 0x6D2B79F5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** The frame connection i sends once open (docs/protocol.md: subscribe_market_data). */
export function subscribeFrame(args, i) {
  return JSON.stringify({ event: 'subscribe_market_data', data: { symbols: symbolsOf(args, i), data_types: ['price'] } });
}

const TIMESTAMP = '"timestamp":"';

/**
 * Microseconds since the epoch of the first `"timestamp":"<ISO-8601 instant>"` in a frame (the tick's send time, as
 * WsLoad reads it), or -1 when there is none. Digits beyond microseconds are dropped.
 */
export function tickMicros(text) {
  const at = text.indexOf(TIMESTAMP);
  return at < 0 ? -1 : instantMicros(text, at + TIMESTAMP.length);
}

/** Microseconds since the epoch of the instant `yyyy-MM-ddTHH:mm:ss[.fraction]Z` starting at `at`. */
export function instantMicros(text, at) {
  const seconds = Date.UTC(digits(text, at, 4), digits(text, at + 5, 2) - 1, digits(text, at + 8, 2),
    digits(text, at + 11, 2), digits(text, at + 14, 2), digits(text, at + 17, 2)) / 1000;
  let micros = 0;
  if (text.charCodeAt(at + 19) === 46) {
    for (let i = at + 20, scale = 100_000; i < at + 26; i++, scale /= 10) {
      const digit = text.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) break;
      micros += digit * scale;
    }
  }
  return seconds * 1_000_000 + micros;
}

function digits(text, from, count) {
  let value = 0;
  for (let i = from; i < from + count; i++) value = value * 10 + text.charCodeAt(i) - 48;
  return value;
}

/** Two decimals with a point, as WsLoad's `fmt`. */
export function fmt(value) {
  return Number.isFinite(value) ? value.toFixed(2) : 'NaN';
}

/** Close codes as Java prints its map: `{1012=5, 4001=2}`, `{}` when none. */
export function formatCloseCodes(codes) {
  return `{${[...codes].map(([code, count]) => `${code}=${count}`).join(', ')}}`;
}

/** The result file's text: one `key=value` per line, in insertion order. */
export function resultText(result) {
  return Object.entries(result).map(([key, value]) => `${key}=${value}\n`).join('');
}
