import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The board is served by the gateway at /board/ and uses the client SDK from its sources (no publish step between them).
export default defineConfig({
  base: '/board/',
  resolve: { alias: { '@marketstream/client': fileURLToPath(new URL('../typescript/src/index.ts', import.meta.url)) } },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 300 },
  test: { include: ['test/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 240_000 },
});
