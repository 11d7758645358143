// Conformance script: one of everything the protocol carries (logs at every level, a
// materialization with typed metadata, an asset check, a custom message echoing the context).
import { createHash } from 'node:crypto';
import { MetadataValue, openDagsterPipes } from '../../src/index.js';

const PAYLOAD = '0301;Oslo\n4601;Bergen\n5001;Trondheim\n';

const pipes = openDagsterPipes();
pipes.log.debug('debug from ts');
pipes.log.info('info from ts');
pipes.log.warning('warning from ts');
pipes.log.error('error from ts');
pipes.log.critical('critical from ts');

const rows = PAYLOAD.trim().split('\n').length;
const sha = createHash('sha256').update(PAYLOAD).digest('hex');
const expected = pipes.getExtra('expected_rows');

pipes.reportAssetMaterialization(
  {
    rows: MetadataValue.int(rows),
    payload_sha256: MetadataValue.text(sha),
    summary: MetadataValue.json({ kommuner: ['0301', '4601', '5001'], complete: true }),
    source_url: MetadataValue.url('https://data.ssb.no/api/klass/v1/classifications/131/codesAt'),
    mean_length: 2.5,
  },
  sha,
);
pipes.reportAssetCheck('rows_match_expected', rows === expected, 'WARN', {
  rows,
  expected: Number(expected),
});
pipes.reportCustomMessage({
  runId: pipes.runId,
  assetKey: pipes.assetKey,
  assetKeys: pipes.assetKeys,
  jobName: pipes.jobName,
  retryNumber: pipes.retryNumber,
  extras: pipes.extras,
  isPartitionStep: pipes.isPartitionStep,
});
pipes.close();
