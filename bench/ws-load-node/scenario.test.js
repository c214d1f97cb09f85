// Proves load.js runs WsLoad's scenario and writes its format: arguments, symbols per connection, tick timestamps.
// Run: cd bench/ws-load-node && npm test
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCloseCodes, parseArgs, resultText, subscribeFrame, symbolsOf, tickMicros } from './scenario.js';

const base = ['token=t', 'prefix=WSLOAD', 'symbols=500', 'perConn=5'];

test('refuses unknown arguments, a missing token and non-loopback hosts', () => {
  assert.throws(() => parseArgs([...base, 'conections=10']), /unknown argument 'conections=10'/);
  assert.throws(() => parseArgs(['port=1']), /token= is required/);
  assert.throws(() => parseArgs([...base, 'host=10.0.0.1']), /loopback targets only/);
  assert.throws(() => parseArgs([...base, 'ramp=fast']), /ramp= must be a whole number/);
});

test('spreads connections over the loopback source addresses from sourceFrom', () => {
  const args = parseArgs([...base, 'sourceFrom=4', 'sources=2', 'gatewayPid=42', 'compress=true']);
  assert.deepEqual(args.sources, ['127.0.0.4', '127.0.0.5']);
  assert.equal(args.gatewayPid, 42);
  assert.equal(args.compress, true);
  assert.equal(parseArgs(base).gatewayPid, null);
});

test('subscribes connection i to perConn distinct symbols spread over the list, as WsLoad does', () => {
  const args = parseArgs([...base, 'first=99']);
  // the same values as bench/ws-load's ScenarioTest: both clients run one scenario
  assert.deepEqual(symbolsOf(args, 0), ['WSLOAD130', 'WSLOAD402', 'WSLOAD270', 'WSLOAD345', 'WSLOAD0']);
  assert.deepEqual(symbolsOf(args, 1), ['WSLOAD102', 'WSLOAD157', 'WSLOAD265', 'WSLOAD444', 'WSLOAD276']);
  assert.deepEqual(symbolsOf(parseArgs([...base, 'symbols=3']), 7).sort(), ['WSLOAD0', 'WSLOAD1', 'WSLOAD2']);
  assert.deepEqual(JSON.parse(subscribeFrame(args, 1)),
    { event: 'subscribe_market_data', data: { symbols: symbolsOf(args, 1), data_types: ['price'] } });
});

test('gives every symbol about the same number of subscribers', () => {
  const args = parseArgs(base);
  const counts = new Map();
  for (let c = 0; c < 10_000; c++) {
    for (const symbol of symbolsOf(args, c)) counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
  }
  assert.equal(counts.size, 500);
  assert.ok(Math.min(...counts.values()) >= 60 && Math.max(...counts.values()) <= 140, 'about 100 subscribers per symbol');
});

test('reads the tick timestamp to the microsecond whatever the precision Java printed', () => {
  const frame = (ts) => `{"event":"market_data","stream":"A:price","seq":3,"data":{"symbol":"A","price":1.5,"timestamp":"${ts}"}}`;
  const second = Date.UTC(2026, 11, 1, 10, 0, 7) * 1000;
  assert.equal(tickMicros(frame('2026-12-01T10:00:07.123456789Z')), second + 123_456);
  assert.equal(tickMicros(frame('2026-12-01T10:00:07.123456Z')), second + 123_456);
  assert.equal(tickMicros(frame('2026-12-01T10:00:07.120Z')), second + 120_000);
  assert.equal(tickMicros(frame('2026-12-01T10:00:07Z')), second);
  assert.equal(tickMicros('{"event":"pong","data":{"server_time":1}}'), -1);
});

test('writes key=value lines and close codes as Java prints its map', () => {
  assert.equal(formatCloseCodes(new Map()), '{}');
  assert.equal(formatCloseCodes(new Map([[1012, 5], [4001, 2]])), '{1012=5, 4001=2}');
  assert.equal(resultText({ a: 1, b: 'x' }), 'a=1\nb=x\n');
});
