// Stands in for the real `atlas-ingest` in the code location's tests: same argv, same Pipes calls
// (the ingest's own reporting, @atlas/atlas-data-ingest/pipes-reporting), no database. Loads the TS
// sources through tsx like the real bin does.
import { createHash } from 'node:crypto';
import { register } from 'tsx/esm/api';

register();
const pipes = await import('@atlas/atlas-data-ingest/pipes-reporting');

const args = process.argv.slice(2);
if (!process.env.ATLAS_DATABASE_URL) {
  console.error('ATLAS_DATABASE_URL is not set');
  process.exit(2);
}
if (args[0] === 'migrate') {
  await pipes.runMigrationsWithPipes(async () => ({
    applied: ['0001_raw_schema.sql'],
    alreadyApplied: 0,
    abandoned: [],
  }));
} else if (args[0] === 'ingest' && args[1] === 'broken-source') {
  await pipes.runIngestWithPipes(async () => {
    throw new Error('broken-source: upstream answered HTTP 500');
  });
} else if (args[0] === 'ingest') {
  const payload = `payload of ${args[1]}`;
  await pipes.runIngestWithPipes(async () => ({
    source: args[1],
    table: `raw.${args[1].replaceAll('-', '_')}`,
    rows: 12,
    payloadSha256: createHash('sha256').update(payload).digest('hex'),
    loadId: '1',
    url: args.includes('--fixtures') ? 'http://127.0.0.1/fixtures' : 'https://upstream.example/api',
    startedAt: new Date('2024-05-01T10:00:00Z'),
    finishedAt: new Date('2024-05-01T10:00:01Z'),
  }));
} else {
  console.error(`unknown command: ${args.join(' ')}`);
  process.exit(2);
}
