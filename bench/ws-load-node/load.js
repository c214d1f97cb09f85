#!/usr/bin/env node
// One load process of the ws-gateway benchmark with Node's `ws` client — the second, independent client next to
// bench/ws-load's WsLoad, with its scenario, arguments and output:
//   node bench/ws-load-node/load.js port=8080 token=<jwt> connections=1000 first=0 symbols=1000 perConn=1 \
//        prefix=BENCH ramp=1000 settle=10 duration=60 sourceFrom=2 sources=2 compress=false [gatewayPid=<pid>] out=<prefix>
// Opens N connections at `ramp`/s over the loopback source addresses 127.0.0.<sourceFrom>.., token as
// `Authorization: Bearer`; connection i subscribes to `perConn` symbols (scenario.js) once open. Once every
// connection is subscribed (or failed, or 60 s passed; WsLoad waits for open only) and `settle` s later
// it measures for `duration` s: delivered messages, end-to-end latency of every live tick (tick `timestamp` →
// receive, wall clock in µs) in an HdrHistogram, error events, close codes, wire bytes and, for the process given
// `gatewayPid`, the gateway's CPU, RSS and open files. Over the whole run it also times connect start → `session`
// and → `subscribed` (the connect-storm figure), and how late its own event loop ran (a client that falls behind
// inflates the latency it reports). Writes <out>.txt (key=value), <out>.hgrm and <out>.subscribed.hgrm (the histograms as
// Java's HdrHistogram encodes it, base64) for bench/ws-load's Report. Loopback only; ends by itself within
// connections/ramp + settle + duration + 4 min.
import WebSocket from 'ws';
import * as hdr from 'hdr-histogram-js';
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProcessProbe, loadAverage, machineBusyPercent, machineTicks, wireBytesReceived } from './probe.js';
import { fmt, formatCloseCodes, parseArgs, resultText, subscribeFrame, tickMicros } from './scenario.js';

const SESSION = '{"event":"session"';
const SUBSCRIBED = '{"event":"subscribed"';
const MARKET_DATA = '{"event":"market_data"';
const ERROR = '{"event":"error"';
/** How long the ramp may wait for the last handshakes (as WsLoad) and then `subscribed` frames. */
const STRAGGLERS_MS = 60_000;

/** Wall-clock time in µs: monotonic within the run, anchored to the epoch like the tick timestamps. */
const nowMicros = () => Math.round((performance.timeOrigin + performance.now()) * 1000);
const histogram = () => hdr.build({ numberOfSignificantValueDigits: 3, autoResize: true });
const millis = (h, percentile) => (h.totalCount === 0 ? 'n/a' : fmt(h.getValueAtPercentile(percentile) / 1000));

const args = parseArgs(process.argv.slice(2));
const counts = { open: 0, failed: 0, dropped: 0, errors: 0, received: 0, chars: 0, ticks: 0, sessions: 0, subscribed: 0 };
const closeCodes = new Map();
const latency = histogram();
const toSession = histogram();
const toSubscribed = histogram();
const sockets = [];
/** How late this process's own event loop ran: a client that falls behind inflates the latency it reports. */
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const loopMillis = (percentile) => fmt(loopDelay.percentile(percentile) / 1e6);
let finished = false;

// Stragglers twice: the last handshakes, then the last `subscribed` frames; 2 min for the report (ss over 19,000 sockets).
const boundMs = (args.connections / args.ramp + 2 * STRAGGLERS_MS / 1000 + args.settle + args.duration + 120) * 1000;
setTimeout(() => {
  console.error(`hard time limit of ${Math.round(boundMs / 1000)} s reached: exiting without a result`);
  process.exit(3);
}, boundMs).unref();

/** Opens connection i; its handlers count what the window measures. */
function connect(i, url, options) {
  const started = nowMicros();
  const frame = subscribeFrame(args, i);
  const ws = new WebSocket(url, { ...options, localAddress: args.sources[i % args.sources.length] });
  let opened = false;
  let sessionSeen = false;
  let subscribedSeen = false;
  ws.on('open', () => {
    opened = true;
    counts.open++;
    ws.send(frame);
  });
  ws.on('message', (data) => {
    const text = data.toString();
    counts.received++;
    counts.chars += text.length;
    if (text.startsWith(MARKET_DATA)) {
      if (!text.includes('"snapshot":true')) {
        const sent = tickMicros(text);
        if (sent >= 0) {
          latency.recordValue(Math.max(0, nowMicros() - sent));
          counts.ticks++;
        }
      }
    } else if (text.startsWith(ERROR)) {
      if (++counts.errors <= 3) console.error(`error event: ${text}`);
    } else if (!sessionSeen && text.startsWith(SESSION)) {
      sessionSeen = true;
      counts.sessions++;
      toSession.recordValue(nowMicros() - started);
    } else if (!subscribedSeen && text.startsWith(SUBSCRIBED) && text.includes('"stream":"market_data"')) {
      subscribedSeen = true;
      counts.subscribed++;
      toSubscribed.recordValue(nowMicros() - started);
    }
  });
  ws.on('error', (error) => {
    if (!opened && !finished && ++counts.failed <= 5) console.error(`connect failed: ${error.message}`);
  });
  ws.on('close', (code) => {
    if (!opened || finished) return;
    counts.open--;
    counts.dropped++;
    closeCodes.set(code, (closeCodes.get(code) ?? 0) + 1);
  });
  sockets.push(ws);
}

async function ramp(gateway) {
  const url = `ws://${args.host}:${args.port}/ws`;
  const options = {
    headers: { Authorization: `Bearer ${args.token}` }, perMessageDeflate: args.compress, handshakeTimeout: 30_000,
    maxPayload: 1 << 20,
  };
  const intervalMs = 1000 / args.ramp;
  const start = performance.now();
  loopDelay.reset();
  let lastReport = start;
  for (let i = 0; i < args.connections;) {
    const due = Math.min(args.connections, Math.floor((performance.now() - start) / intervalMs) + 1);
    while (i < due) connect(i++, url, options);
    if (performance.now() - lastReport > 5000) {
      lastReport = performance.now();
      console.error(`ramp: ${i} attempted, ${counts.open} open, ${counts.failed} failed, gateway fds ${gateway ? await gateway.openFiles() : -1}`);
    }
    await sleep(Math.max(1, start + i * intervalMs - performance.now()));
  }
  const attemptSeconds = (performance.now() - start) / 1000;
  const loopDelayMax = loopMillis(100);
  const deadline = performance.now() + STRAGGLERS_MS;
  const settled = (done) => done + counts.failed + counts.dropped >= args.connections || performance.now() >= deadline;
  while (!settled(counts.open)) await sleep(100);
  const rampSeconds = (performance.now() - start) / 1000;
  while (!settled(counts.subscribed)) await sleep(100);
  return { attemptSeconds, loopDelayMax, rampSeconds, subscribedSeconds: (performance.now() - start) / 1000 };
}

/** The measuring window: counters and histogram from its start to its end, the gateway sampled every second. */
async function measure(gateway, self) {
  const wireBefore = await wireBytesReceived(args.port, args.sources);
  const before = {
    ...counts, gatewayCpu: gateway?.cpuSeconds(), gatewaySys: gateway?.systemSeconds(), gatewayJit: gateway?.jitSeconds(),
    self: self.cpuSeconds(), machine: machineTicks(),
  };
  const openAtStart = counts.open;
  const start = performance.now();
  latency.reset();
  loopDelay.reset();
  const samples = { loadSum: 0, rssSum: 0, rssMax: 0, rss: 0, fdsMax: 0 };
  for (let second = 1; second <= args.duration; second++) {
    await sleep(Math.max(0, start + second * 1000 - performance.now()));
    samples.loadSum += loadAverage();
    if (gateway) {
      const rss = gateway.rssKib();
      samples.rssMax = Math.max(samples.rssMax, rss);
      samples.rssSum += rss;
      samples.rss++;
      samples.fdsMax = Math.max(samples.fdsMax, await gateway.openFiles());
    }
  }
  const seconds = (performance.now() - start) / 1000;
  const encoded = hdr.encodeIntoCompressedBase64(latency);
  const window = {
    loopDelayP99: loopMillis(99), loopDelayMax: loopMillis(100),
    seconds, openAtStart, encoded, samples, p50: millis(latency, 50), p99: millis(latency, 99), p999: millis(latency, 99.9),
    max: millis(latency, 100), samplesCount: latency.totalCount, delivered: counts.received - before.received,
    chars: counts.chars - before.chars, ticks: counts.ticks - before.ticks, selfCpu: self.cpuSeconds() - before.self,
    gatewayCpu: gateway ? gateway.cpuSeconds() - before.gatewayCpu : NaN,
    gatewaySys: gateway ? gateway.systemSeconds() - before.gatewaySys : NaN,
    gatewayJit: gateway ? gateway.jitSeconds() - before.gatewayJit : NaN,
    machineBusy: machineBusyPercent(before.machine, machineTicks()),
  };
  window.wire = await wireBytesReceived(args.port, args.sources);
  window.wire = window.wire < 0 || wireBefore < 0 ? -1 : window.wire - wireBefore;
  return window;
}

function result(ramped, w, rssBefore, gateway) {
  const perMsg = (value) => (w.delivered === 0 ? 'n/a' : fmt(value / w.delivered));
  const result = {
    client: 'node-ws', compress: args.compress, connections_target: args.connections,
    connections_open_at_start: w.openAtStart, connections_open_at_end: counts.open, connect_failures: counts.failed,
    closed_by_server: counts.dropped, error_events: counts.errors, close_codes: formatCloseCodes(closeCodes),
    ramp_seconds: fmt(ramped.rampSeconds), ramp_attempts_seconds: fmt(ramped.attemptSeconds),
    ramp_loop_delay_max_ms: ramped.loopDelayMax, ramp_subscribed_seconds: fmt(ramped.subscribedSeconds),
    connections_session: counts.sessions, connect_to_session_p50_ms: millis(toSession, 50),
    connect_to_session_p99_ms: millis(toSession, 99), connections_subscribed: counts.subscribed,
    connect_to_subscribed_p50_ms: millis(toSubscribed, 50), connect_to_subscribed_p99_ms: millis(toSubscribed, 99),
    connect_to_subscribed_max_ms: millis(toSubscribed, 100),
    window_seconds: fmt(w.seconds), delivered_msgs: w.delivered, delivered_msgs_per_s: fmt(w.delivered / w.seconds),
    live_ticks: w.ticks, payload_chars: w.chars, wire_bytes: w.wire, wire_bytes_per_msg: perMsg(w.wire),
    payload_chars_per_msg: perMsg(w.chars), latency_samples: w.samplesCount, latency_p50_ms: w.p50,
    latency_p99_ms: w.p99, latency_p999_ms: w.p999, latency_max_ms: w.max, load_cpu_cores: fmt(w.selfCpu / w.seconds),
    loadavg_1m_mean: fmt(w.samples.loadSum / Math.max(1, args.duration)), machine_cpu_busy_pct: fmt(w.machineBusy),
    loop_delay_p99_ms: w.loopDelayP99, loop_delay_max_ms: w.loopDelayMax,
  };
  if (gateway) {
    Object.assign(result, {
      gateway_cpu_cores: fmt(w.gatewayCpu / w.seconds), gateway_cpu_sys_cores: fmt(w.gatewaySys / w.seconds),
      gateway_cpu_jit_cores: fmt(w.gatewayJit / w.seconds),
      gateway_rss_before_kib: rssBefore, gateway_rss_mean_kib: w.samples.rss === 0 ? -1 : Math.floor(w.samples.rssSum / w.samples.rss),
      gateway_rss_max_kib: w.samples.rssMax, gateway_open_files_max: w.samples.fdsMax,
    });
  }
  return result;
}

/** Closes every connection and waits at most 5 s for the closing handshakes. */
async function closeAll() {
  for (const ws of sockets) ws.close(1000);
  const deadline = performance.now() + 5000;
  while (sockets.some((ws) => ws.readyState !== WebSocket.CLOSED) && performance.now() < deadline) await sleep(100);
}

const gateway = args.gatewayPid === null ? null : new ProcessProbe(args.gatewayPid);
const self = new ProcessProbe(process.pid);
const rssBefore = gateway ? gateway.rssKib() : -1;
const ramped = await ramp(gateway);
console.error(`ramp done in ${fmt(ramped.rampSeconds)} s (connects started in ${fmt(ramped.attemptSeconds)} s, `
  + `subscribed in ${fmt(ramped.subscribedSeconds)} s): `
  + `${counts.open} open, ${counts.failed} failed, ${counts.subscribed} subscribed; settling ${args.settle} s`);
await sleep(args.settle * 1000);
const window = await measure(gateway, self);
const text = resultText(result(ramped, window, rssBefore, gateway));
finished = true;
process.stdout.write(text);
writeFileSync(`${args.out}.txt`, text);
writeFileSync(`${args.out}.hgrm`, window.encoded);
writeFileSync(`${args.out}.subscribed.hgrm`, hdr.encodeIntoCompressedBase64(toSubscribed));
await closeAll();
process.exit(0);
