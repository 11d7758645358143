/**
 * Rate of the Brønnøysund bulk loader on a generated bulk file, printed, never asserted.
 *
 *   npx nx run atlas-data-ingest:bench-brreg-bulk    (or: npx tsx libs/atlas-data-ingest/bench/brreg-bulk.ts [units])
 *
 * 1. writes a gzipped bulk file of 1,000,000 units (default) in the download's format: one JSON
 *    array, pretty-printed as the register writes it ("key" : value), with the fields of a v2 unit
 *    (hidden headcounts, units without a business address among them);
 * 2. serves it on loopback as the register does (Content-Type application/gzip);
 * 3. reads it through the source's reader alone (HTTP, gunzip, scan, JSON.parse, validation), then
 *    loads it with ingestSource() (the same plus COPY into raw.brreg_enheter, one transaction) into
 *    an embedded PostgreSQL; prints rows/s and the peak resident memory of each.
 * The temp folder and the database are removed afterwards.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, createGzip } from 'node:zlib';
import { startEphemeralPostgres } from '@atlas/runtime';
import { findSource } from '../src/catalogue/catalogue.js';
import { REFERENCE_KOMMUNENUMMER } from '../src/catalogue/reference-kommuner.js';
import type { SourceDefinition } from '../src/catalogue/source-definition.js';
import { readSource } from '../src/check/check-sources.js';
import { ingestSource } from '../src/load/ingest-source.js';
import { migrate } from '../src/migrate/migrator.js';

const UNITS = Number(process.argv[2] ?? 1_000_000);
const source = findSource('brreg-enheter') as SourceDefinition;
/** The reference kommuner and two others, in turn. */
const KOMMUNER = [...REFERENCE_KOMMUNENUMMER, '3201', '1106'];
const FORMS = [
  ['AS', 'Aksjeselskap'],
  ['ENK', 'Enkeltpersonforetak'],
  ['FLI', 'Forening/lag/innretning'],
  ['NUF', 'Norskregistrert utenlandsk foretak'],
] as const;

/** One unit as the register's pretty printer writes it (Jackson: two-space indent, " : "). */
function unit(i: number): string {
  const orgnr = String(810_000_000 + i);
  const [form, formName] = FORMS[i % FORMS.length] as (typeof FORMS)[number];
  const kommune = KOMMUNER[i % KOMMUNER.length] as string;
  const employees = i % 7 === 0 ? `,\n  "antallAnsatte" : ${5 + (i % 300)}` : '';
  const registered = i % 7 === 0 || i % 3 === 0;
  const address =
    i % 50 === 0
      ? ''
      : `,
  "forretningsadresse" : {
    "land" : "Norge",
    "landkode" : "NO",
    "postnummer" : "${String(i % 10_000).padStart(4, '0')}",
    "poststed" : "STED ${i % 997}",
    "adresse" : [ "Gate ${i % 300} ${1 + (i % 120)}" ],
    "kommune" : "KOMMUNE ${kommune}",
    "kommunenummer" : "${kommune}"
  }`;
  return `{
  "organisasjonsnummer" : "${orgnr}",
  "navn" : "BEDRIFT NUMMER ${i} ${form}",
  "organisasjonsform" : {
    "kode" : "${form}",
    "beskrivelse" : "${formName}"
  },
  "registreringsdatoEnhetsregisteret" : "20${String(i % 25).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}",
  "registrertIMvaregisteret" : ${i % 2 === 0},
  "naeringskode1" : {
    "kode" : "${String(10 + (i % 89)).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}",
    "beskrivelse" : "Næring ${i % 89}"
  }${address},
  "institusjonellSektorkode" : {
    "kode" : "2100",
    "beskrivelse" : "Private aksjeselskaper mv."
  },
  "registrertIForetaksregisteret" : ${form === 'AS'},
  "registrertIStiftelsesregisteret" : false,
  "registrertIFrivillighetsregisteret" : ${form === 'FLI'},
  "konkurs" : false,
  "underAvvikling" : false,
  "underTvangsavviklingEllerTvangsopplosning" : false,
  "maalform" : "Bokmål",
  "stiftelsesdato" : "19${String(50 + (i % 50))}-0${1 + (i % 9)}-2${i % 8}",
  "harRegistrertAntallAnsatte" : ${registered}${employees}
}`;
}

async function* bulkFile(units: number): AsyncGenerator<string> {
  yield '[ ';
  let batch = '';
  for (let i = 0; i < units; i++) {
    batch += (i === 0 ? '' : ', ') + unit(i);
    if (batch.length > 1 << 20) {
      yield batch;
      batch = '';
    }
  }
  yield `${batch} ]`;
}

/** Peak resident memory while `run` runs, sampled every 50 ms. */
async function measured(label: string, rows: number, run: () => Promise<number>): Promise<string> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const t0 = performance.now();
  try {
    const counted = await run();
    const seconds = (performance.now() - t0) / 1000;
    if (counted !== rows) throw new Error(`${label} read ${counted} units, the file has ${rows}`);
    return `| ${label} | ${rows.toLocaleString('en')} | ${seconds.toFixed(1)} s | ${Math.round(rows / seconds).toLocaleString('en')} | ${Math.round(peak / 2 ** 20)} MB |`;
  } finally {
    clearInterval(sampler);
  }
}

async function main(): Promise<void> {
  if (!Number.isInteger(UNITS) || UNITS < 1)
    throw new Error(
      `"${process.argv[2]}" is not a number of units: give a positive whole number (default 1000000).`,
    );
  const work = await mkdtemp(join(tmpdir(), 'atlas-bench-brreg-'));
  const file = join(work, 'enheter_alle.json.gz');
  let generated = 0;
  const t0 = performance.now();
  await pipeline(
    Readable.from(bulkFile(UNITS)),
    async function* (chunks: AsyncIterable<string>) {
      for await (const chunk of chunks) {
        generated += Buffer.byteLength(chunk);
        yield chunk;
      }
    },
    createGzip({ level: constants.Z_BEST_SPEED }),
    createWriteStream(file),
  );
  const packed = (await stat(file)).size;
  console.log(
    `generated ${UNITS.toLocaleString('en')} units: ${(generated / 2 ** 20).toFixed(0)} MB of JSON, ${(packed / 2 ** 20).toFixed(0)} MB gzipped, in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': packed });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const db = await startEphemeralPostgres({ databasePrefix: 'atlas_bench_brreg' });
  try {
    await migrate(db.url);
    const lines = ['| path | units | time | rows/s | peak RSS |', '| --- | ---: | ---: | ---: | ---: |'];
    lines.push(
      await measured(
        'reader only (HTTP, gunzip, scan, JSON.parse, validation)',
        UNITS,
        async () => (await readSource(source, base)).rows,
      ),
    );
    lines.push(
      await measured('loader (the same + COPY into raw.brreg_enheter, one transaction)', UNITS, async () => {
        const result = await ingestSource(source, { databaseUrl: db.url, baseUrl: base });
        return result.rows;
      }),
    );
    console.log('');
    for (const line of lines) console.log(line);
  } finally {
    server.closeAllConnections();
    server.close();
    await db.stop();
    await rm(work, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench-brreg-bulk: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
