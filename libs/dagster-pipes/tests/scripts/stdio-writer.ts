// Run by message-writer.spec.ts: opens Pipes with whatever params the test put in the environment
// and sends one message of each kind, so the test can read them off stdout/stderr.
import { openDagsterPipes } from '../../src/index.js';

const pipes = openDagsterPipes();
pipes.log.info('to the stream');
pipes.reportAssetMaterialization({ rows: 3 });
pipes.reportCustomMessage({ done: true });
pipes.close();
