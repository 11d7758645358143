/** Structured logs: one JSON object per line. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, msg: string, fields?: Record<string, unknown>): void;
}

export interface LineSink {
  write(line: string): unknown;
}

export function jsonLogger(sink: LineSink = process.stdout): Logger {
  return {
    log(level, msg, fields = {}) {
      sink.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
    },
  };
}

/** A logger that keeps its records in memory (tests, benchmarks). */
export function memoryLogger(): Logger & { records: Record<string, unknown>[] } {
  const records: Record<string, unknown>[] = [];
  return {
    records,
    log(level, msg, fields = {}) {
      records.push({ time: new Date().toISOString(), level, msg, ...fields });
    },
  };
}

export const silentLogger: Logger = {
  log() {
    // Discards everything by design.
  },
};
