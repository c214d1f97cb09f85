// What load.js reads from the machine, as bench/ws-load's ProcessProbe and WireBytes do: a process's CPU, RSS and
// open files from /proc/<pid> (Linux), the load average, and the bytes the kernel received on our sockets (ss -ti).
// Whatever may take long (a directory of 19,000 descriptors, ss over 19,000 sockets) runs off the event loop, so
// reading it does not delay the frames being timed.
import { readFileSync, readdirSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { execFile } from 'node:child_process';

/** Clock ticks per second of /proc/<pid>/stat times; 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;

export class ProcessProbe {
  constructor(pid) {
    this.pid = pid;
  }

  /** User + system CPU seconds used so far. */
  cpuSeconds() {
    return this.#statTicks(11) / TICKS_PER_SECOND + this.systemSeconds();
  }

  /** CPU seconds spent in the kernel on the process's behalf so far. */
  systemSeconds() {
    return this.#statTicks(12) / TICKS_PER_SECOND;
  }

  /**
   * CPU seconds the process's JIT compiler threads (HotSpot's C1/C2 CompilerThread*) used so far, as ProcessProbe's
   * jitSeconds: a native executable has none. NaN when unreadable.
   */
  jitSeconds() {
    let threads;
    try {
      threads = readdirSync(`/proc/${this.pid}/task`);
    } catch {
      return NaN;
    }
    let ticks = 0;
    for (const thread of threads) {
      try {
        const stat = readFileSync(`/proc/${this.pid}/task/${thread}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (name.startsWith('C1 CompilerThre') || name.startsWith('C2 CompilerThre')) {
          ticks += statField(stat, 11) + statField(stat, 12);
        }
      } catch {
        // a thread that ended between the listing and the read used no more CPU
      }
    }
    return ticks / TICKS_PER_SECOND;
  }

  /** Resident set size in KiB (VmRSS), -1 when unreadable. */
  rssKib() {
    try {
      const line = readFileSync(`/proc/${this.pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
      return line ? Number(line.replace(/[^0-9]/g, '')) : -1;
    } catch {
      return -1;
    }
  }

  /** Open file descriptors of the process, -1 when unreadable. */
  async openFiles() {
    try {
      return (await readdir(`/proc/${this.pid}/fd`)).length;
    } catch {
      return -1;
    }
  }

  /** A field of /proc/<pid>/stat, counted from the one after the command name. */
  #statTicks(field) {
    try {
      return statField(readFileSync(`/proc/${this.pid}/stat`, 'utf8'), field);
    } catch {
      return NaN;
    }
  }
}

/** A field of a stat file's text, counted from the one after the command name (which may hold spaces). */
function statField(stat, field) {
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[field]);
}

/**
 * CPU time of the whole machine so far, in /proc/stat clock ticks: { busy, total }, busy being user, nice, system,
 * irq, softirq and steal time, total adding idle and iowait (as ProcessProbe.machineTicks); null when unreadable.
 */
export function machineTicks() {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const busy = cpu[1] + cpu[2] + cpu[3] + cpu[6] + cpu[7] + cpu[8];
    return { busy, total: busy + cpu[4] + cpu[5] };
  } catch {
    return null;
  }
}

/** Percent of all the machine's cores busy between two machineTicks() readings; NaN if either is missing. */
export function machineBusyPercent(before, after) {
  if (!before || !after || after.total === before.total) return NaN;
  return (100 * (after.busy - before.busy)) / (after.total - before.total);
}

/** The 1-minute load average of the machine. */
export function loadAverage() {
  try {
    return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  } catch {
    return NaN;
  }
}

/**
 * Sum of `bytes_received` (TCP payload: WebSocket frames as they crossed the wire, compressed or not) of the
 * established sockets to `port` whose local address is one of `sources`; -1 when ss fails.
 */
export function wireBytesReceived(port, sources) {
  const ours = new Set(sources);
  return new Promise((resolve) => {
    execFile('ss', ['-tinH', 'state', 'established', `( dport = :${port} )`],
      { maxBuffer: 512 * 1024 * 1024, timeout: 60_000 }, (error, stdout) => {
        if (error) {
          console.error(`ss failed: ${error.message}`);
          resolve(-1);
          return;
        }
        let total = 0;
        let counted = false;
        for (const line of stdout.split('\n')) {
          if (line !== '' && line[0] !== ' ' && line[0] !== '\t') {
            const local = line.trim().split(/\s+/)[2] ?? '';
            const address = local.slice(0, Math.max(0, local.lastIndexOf(':'))).replace(/[[\]]/g, '');
            counted = ours.has(address.startsWith('::ffff:') ? address.slice(7) : address);
          } else if (counted) {
            const received = /bytes_received:(\d+)/.exec(line);
            if (received) total += Number(received[1]);
          }
        }
        resolve(total);
      });
  });
}
