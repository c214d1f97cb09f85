/** Runs services/test-support's GatewayHarness as a child process (also used by the board's browser test). */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface HarnessReady {
  control: string;
  gateway: { pod: string; ws: string; http: string };
}

const here = dirname(fileURLToPath(import.meta.url));
/** Written by this module's Maven build (dependency:build-classpath): test-support and its dependencies. */
export const CLASSPATH_FILE = resolve(here, '../../target/harness.classpath');

/** Starts the harness; `podProperties` configure every gateway pod it starts. */
export async function startHarness(classpathFile = CLASSPATH_FILE, podProperties: Record<string, string> = {}):
    Promise<{ ready: HarnessReady; stop: () => Promise<void> }> {
  const classpath = process.env.HARNESS_CLASSPATH ?? (existsSync(classpathFile) ? readFileSync(classpathFile, 'utf8').trim() : '');
  if (!classpath) {
    throw new Error(`no ${classpathFile}: the integration tests start real gateways through services/test-support. `
      + 'Run them with Maven (mvn -pl clients/typescript -am verify, or scripts/test), '
      + 'or run "npm run test:unit" for the unit tests alone.');
  }
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const properties = Object.entries(podProperties).map(([key, value]) => `${key}=${value}`);
  const child = spawn(java, ['-Xmx256m', '-cp', classpath, 'dev.marketstream.testing.GatewayHarness', ...properties], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const ready = await new Promise<HarnessReady>((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error('the gateway harness was not ready within 180 s')), 180_000);
    child.once('exit', (code) => reject(new Error(`the gateway harness exited with ${code} before it was ready`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('harness-ready ')) {
        clearTimeout(timer);
        resolveReady(JSON.parse(line.slice('harness-ready '.length)) as HarnessReady);
      } else {
        process.stdout.write('harness: ' + line + '\n');
      }
    });
  });
  return { ready, stop: () => stop(child) };
}

/** Closes the harness's standard input (its signal to stop its gateways), waits for it, kills it after 60 s. */
function stop(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null) {
      done();
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.stdin!.end();
  });
}
