export { registerCleanup } from './cleanup.js';
export { startEphemeralPostgres, withEphemeralPostgres } from './ephemeral-postgres.js';
export type { EphemeralPostgres, EphemeralPostgresOptions } from './ephemeral-postgres.js';
export { findFreePort } from './free-port.js';
export { killProcessGroup, runProcess, spawnSupervised } from './process.js';
export type { ProcessOptions, ProcessResult, SupervisedProcess } from './process.js';
export { venvBin, venvDir } from './python-env.js';
export { workspaceRoot } from './workspace.js';
