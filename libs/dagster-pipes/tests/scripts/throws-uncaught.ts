// Conformance script: a plain crash with Pipes open and no close(); the context still reports the
// exception before Node exits with code 1.
import { openDagsterPipes } from '../../src/index.js';

const pipes = openDagsterPipes();
pipes.log.info('opened, crashing next');
throw new RangeError('kommunenummer 9999 is not in the reference list');
