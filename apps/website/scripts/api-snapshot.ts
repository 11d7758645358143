// Refreshes the API contract libs/dbt-project/api/openapi.json from a running PostgREST:
//   npx nx run website:api-snapshot --url=http://127.0.0.1:3000
// PostgREST serves its OpenAPI description (Swagger 2.0) at its root; it is converted to the
// snapshot's OpenAPI 3.0 shape, keeping the snapshot's hand-written text.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fetchPostgrestDocument, FetchDocumentError } from './fetch-postgrest-document.js';
import { snapshotFromPostgrest, SnapshotError, type OpenApiDocument } from './postgrest-openapi.js';

const workspaceRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const DEFAULT_OUT = join(workspaceRoot, 'libs', 'dbt-project', 'api', 'openapi.json');

function fail(message: string): never {
  console.error(`api-snapshot: ${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  let values: { url?: string; out?: string; 'timeout-ms'?: string };
  try {
    ({ values } = parseArgs({
      options: { url: { type: 'string' }, out: { type: 'string' }, 'timeout-ms': { type: 'string' } },
      allowPositionals: false,
    }));
  } catch (error) {
    fail(`${(error as Error).message}; usage: api-snapshot --url=<PostgREST root URL> [--out=<file>]`);
  }
  const url = values.url ?? process.env['ATLAS_POSTGREST_URL'];
  if (!url) fail('no PostgREST URL: pass --url=<PostgREST root URL>, e.g. --url=http://127.0.0.1:3000');
  const out = values.out ? resolve(values.out) : DEFAULT_OUT;
  const timeoutMs = values['timeout-ms'] ? Number(values['timeout-ms']) : 15_000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    fail(`--timeout-ms "${values['timeout-ms']}" is not a positive number of milliseconds.`);

  let previous: OpenApiDocument | undefined;
  if (existsSync(out)) {
    try {
      previous = JSON.parse(readFileSync(out, 'utf8')) as OpenApiDocument;
    } catch (error) {
      fail(
        `${relative(workspaceRoot, out)} is not valid JSON (${(error as Error).message}): restore it from git first; nothing was written.`,
      );
    }
  }

  try {
    const live = await fetchPostgrestDocument(url, timeoutMs);
    const { doc, changes } = snapshotFromPostgrest(live, previous);
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    const temp = `${out}.partial`;
    writeFileSync(temp, text);
    renameSync(temp, out);
    const shown = relative(workspaceRoot, out).startsWith('..') ? out : relative(workspaceRoot, out);
    console.log(`api-snapshot: wrote ${shown} from ${url}: ${Object.keys(doc.paths).length} endpoint(s).`);
    for (const path of changes.added) console.log(`api-snapshot: added ${path}`);
    for (const path of changes.removed) console.log(`api-snapshot: removed ${path}`);
    for (const line of changes.changedColumns) console.log(`api-snapshot: ${line}`);
    console.log('api-snapshot: next, run `npx nx run dbt-project:check-api-contract` and review the diff.');
  } catch (error) {
    if (error instanceof FetchDocumentError || error instanceof SnapshotError)
      fail(`${error.message} Nothing was written.`);
    throw error;
  }
}

await main();
