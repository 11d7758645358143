import type { PipesContext } from './pipes-context.js';
import { PipesLogLevel } from './types.js';

/** `context.logger`: logs to the orchestrator at a fixed level through the context's `log`. */
export class PipesLogger {
  context: PipesContext;

  constructor(context: PipesContext) {
    this.context = context;
  }

  debug(message: string): void {
    this.context.log(message, PipesLogLevel.Debug);
  }

  info(message: string): void {
    this.context.log(message, PipesLogLevel.Info);
  }

  warning(message: string): void {
    this.context.log(message, PipesLogLevel.Warning);
  }

  error(message: string): void {
    this.context.log(message, PipesLogLevel.Error);
  }

  critical(message: string): void {
    this.context.log(message, PipesLogLevel.Critical);
  }
}
