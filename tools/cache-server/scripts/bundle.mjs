// Bundle the server (with the AWS SDK) into one ESM file for the container image, so the image
// needs no npm install and runs exactly the dependency versions of the monorepo's lockfile.
// Usage: node tools/cache-server/scripts/bundle.mjs [outfile]
import { build } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = resolve(process.argv[2] ?? join(projectRoot, 'dist', 'atlas-cache-server.mjs'));

try {
  await build({
    entryPoints: [join(projectRoot, 'src', 'cli', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: false,
    sourcemap: false,
    legalComments: 'eof',
    logLevel: 'warning',
    // The SDK is CommonJS and calls require() for Node built-ins.
    banner: {
      js: "import { createRequire as __atlasCreateRequire } from 'node:module';\nconst require = __atlasCreateRequire(import.meta.url);",
    },
  });
} catch {
  // esbuild has printed each error above (logLevel warning); its stack would only repeat them.
  process.stderr.write(`bundle: esbuild could not write ${outfile}; see the errors above.\n`);
  process.exit(1);
}
process.stdout.write(`bundled ${outfile}\n`);
