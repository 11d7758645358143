// Stands in for `atlas-ingest ingest <source>`: the exact helper call the ingest CLI makes.
import { createHash } from 'node:crypto';
import { runIngestWithPipes } from '../../src/index.js';

const payload = JSON.stringify({ class: 'dataset', value: [1, 2, 3] });
await runIngestWithPipes(async () => ({
  source: 'ssb-population',
  table: 'raw.ssb_population',
  rows: 3,
  payloadSha256: createHash('sha256').update(payload).digest('hex'),
  loadId: 42,
  url: 'http://127.0.0.1:1/pxweb/07459',
  startedAt: new Date('2024-05-01T10:00:00Z'),
  finishedAt: new Date('2024-05-01T10:00:01Z'),
}));
