// Conformance script: one of everything the protocol carries (logs at every level, a
// materialization with typed metadata, an asset check, a custom message echoing the context),
// through the upstream-shaped API and the typed metadata of the extras.
import { createHash } from 'node:crypto';
import { AssetCheckSeverity, PipesLogLevel, openDagsterPipes } from '../../src/index.js';
import { MetadataValue } from '../../src/extras/index.js';

const PAYLOAD = '0301;Oslo\n4601;Bergen\n5001;Trondheim\n';

using pipes = openDagsterPipes();
pipes.logger.debug('debug from ts');
pipes.logger.info('info from ts');
pipes.logger.warning('warning from ts');
pipes.logger.error('error from ts');
pipes.log('critical from ts', PipesLogLevel.Critical);

const rows = PAYLOAD.trim().split('\n').length;
const sha = createHash('sha256').update(PAYLOAD).digest('hex');
const expected = pipes.getExtra('expected_rows');

pipes.reportAssetMaterialization(
  {
    rows: MetadataValue.int(rows),
    payload_sha256: MetadataValue.text(sha),
    summary: MetadataValue.json({ kommuner: ['0301', '4601', '5001'], complete: true }),
    source_url: MetadataValue.url('https://data.ssb.no/api/klass/v1/classifications/131/codesAt'),
    fetched_at: MetadataValue.timestamp(new Date('2024-05-01T10:00:00Z')),
    seconds: MetadataValue.float(1),
    mean_length: 2.5,
  },
  sha,
);
pipes.reportAssetCheck('rows_match_expected', rows === expected, AssetCheckSeverity.Warn, {
  rows,
  expected: Number(expected),
});
pipes.reportCustomMessage({
  runId: pipes.runID,
  assetKey: pipes.assetKey,
  assetKeys: pipes.assetKeys,
  jobName: pipes.jobName,
  retryNumber: pipes.retryNumber,
  extras: pipes.extras,
  isPartitionStep: pipes.isPartitionStep,
});
// `using` closes the context here.
