// Conformance script: echoes the injected context (extras, partition) back as metadata and as a
// custom message, so the orchestrator side can compare it with what it injected.
import { openDagsterPipes } from '../../src/index.js';
import { MetadataValue } from '../../src/extras/index.js';

const pipes = openDagsterPipes();
const echo = {
  assetKey: pipes.assetKey,
  extras: pipes.extras,
  partitionKey: pipes.isPartitionStep ? pipes.partitionKey : null,
  partitionKeyRange: pipes.isPartitionStep ? pipes.partitionKeyRange : null,
};
pipes.reportAssetMaterialization({
  partition_key: MetadataValue.text(echo.partitionKey ?? ''),
  extras: MetadataValue.json(echo.extras),
});
pipes.reportCustomMessage(echo);
pipes.close();
