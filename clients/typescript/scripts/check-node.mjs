// Vite 8 and vitest 4 need Node 20.19 or later; Debian's own nodejs package is older. Say so instead of failing obscurely.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`Node ${process.version} is too old for the client's tests: Node 20.19 or later is needed.`);
  process.exit(1);
}
