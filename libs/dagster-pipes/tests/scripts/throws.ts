// Conformance script: the work fails inside withDagsterPipes; the exception (with its cause) must
// reach the orchestrator and the process must exit non-zero.
import { withDagsterPipes } from '../../src/extras/index.js';

await withDagsterPipes(async (pipes) => {
  pipes.logger.info('about to fail');
  throw new Error('ssb-population: upstream answered HTTP 503 after 3 attempts', {
    cause: new Error('socket hang up'),
  });
});
