// Prints the size of the browser entry as an application ships it: bundled, minified and gzipped.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';

const result = await build({
  entryPoints: ['dist/index.js'], bundle: true, minify: true, format: 'esm', write: false, platform: 'browser',
});
const code = result.outputFiles[0].contents;
console.log(`@marketstream/client (browser entry): ${code.length} B minified, ${gzipSync(code, { level: 9 }).length} B minified+gzipped`);
