/**
 * Starts the Java gateway harness (services/test-support's GatewayHarness: packaged gateway pods on the local stack,
 * with a loopback control API) once for all integration tests, and stops it afterwards.
 */
import type { TestProject } from 'vitest/node';
import { startHarness } from './harness-process.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const harness = await startHarness();
  project.provide('harness', harness.ready);
  return () => harness.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    harness: { control: string; gateway: { pod: string; ws: string; http: string } };
  }
}
