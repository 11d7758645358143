// A load run in a process of its own, so a spec can kill it: `load-from.ts <source> <base URL>`
// with ATLAS_DATABASE_URL set. Exits 0 when the load succeeded, 1 when it failed.
import { findSource } from '../../src/catalogue/catalogue.js';
import { ingestSource } from '../../src/load/ingest-source.js';

const [id, baseUrl] = process.argv.slice(2);
const source = findSource(id ?? '');
if (!source || !baseUrl || !process.env['ATLAS_DATABASE_URL']) {
  console.error('usage: load-from.ts <source> <base URL> (ATLAS_DATABASE_URL set)');
  process.exit(2);
}
try {
  const result = await ingestSource(source, {
    databaseUrl: process.env['ATLAS_DATABASE_URL'],
    baseUrl,
    http: { retries: 0 },
  });
  console.log(`${result.source}: ${result.rows} rows`);
  process.exit(0);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
