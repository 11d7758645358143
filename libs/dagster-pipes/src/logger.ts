import type { PipesLogLevel } from './protocol.js';

/**
 * `context.log` is both upstream shapes at once: a function `log(message, level)` (the
 * @dagster-io/dagster-pipes method) with `.debug/.info/.warning/.error/.critical` on it (the
 * Python-style logger, also reachable as `context.logger`).
 */
export interface PipesLogger {
  (message: string, level?: PipesLogLevel): void;
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  /** Alias of warning, for console-minded callers. */
  warn(message: string): void;
  error(message: string): void;
  critical(message: string): void;
}

export function makeLogger(write: (message: string, level: PipesLogLevel) => void): PipesLogger {
  const log = ((message: string, level: PipesLogLevel = 'INFO') =>
    write(String(message), level)) as PipesLogger;
  log.debug = (message) => write(String(message), 'DEBUG');
  log.info = (message) => write(String(message), 'INFO');
  log.warning = (message) => write(String(message), 'WARNING');
  log.warn = log.warning;
  log.error = (message) => write(String(message), 'ERROR');
  log.critical = (message) => write(String(message), 'CRITICAL');
  return log;
}
