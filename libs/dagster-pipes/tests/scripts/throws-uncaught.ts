// Conformance script: a plain crash with Pipes open and no close(); closeWhenProcessEnds still
// reports the exception before Node exits with code 1.
import { openDagsterPipes } from '../../src/index.js';
import { closeWhenProcessEnds } from '../../src/extras/index.js';

const pipes = openDagsterPipes();
closeWhenProcessEnds(pipes);
pipes.logger.info('opened, crashing next');
throw new RangeError('kommunenummer 9999 is not in the reference list');
