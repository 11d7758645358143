// Run by loaders-and-writers.spec.ts: opens Pipes with whatever params the test put in the
// environment and sends one message of each kind, with a line of its own output in between, so the
// test can read them off stdout/stderr (and see when a buffered writer writes).
import { openDagsterPipes } from '../../src/index.js';

const pipes = openDagsterPipes();
pipes.logger.info('to the stream');
process.stdout.write('program output\n');
pipes.reportAssetMaterialization({ rows: 3 });
pipes.reportCustomMessage({ done: true });
pipes.close();
