// Atlas's additions to the Pipes API, beside the upstream-shaped one: they use the library only
// through its public API (../index.js), as they would use @dagster-io/dagster-pipes.
export { closeWhenProcessEnds } from './close-when-process-ends.js';
export { encodeParam } from './encode-param.js';
export { MetadataValue } from './metadata-value.js';
export { toPipesException } from './to-pipes-exception.js';
export { withDagsterPipes } from './with-dagster-pipes.js';
export type { WithDagsterPipesOptions } from './with-dagster-pipes.js';
