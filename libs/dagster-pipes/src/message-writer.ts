import { appendFileSync } from 'node:fs';
import { DagsterPipesError } from './errors.js';
import { serializeMessage, type PipesExtras, type PipesMessage, type PipesParams } from './protocol.js';

/** Where messages for the orchestrator go, once opened. */
export interface PipesMessageWriterChannel {
  writeMessage(message: PipesMessage): void;
  close(): void;
}

export interface PipesMessageWriter {
  open(params: PipesParams): PipesMessageWriterChannel;
  /** Extras for the "opened" message: what the orchestrator cannot know before the process ran. */
  openedExtras(): PipesExtras;
}

const serialize = serializeMessage;

/**
 * One JSON line per message, appended synchronously: the orchestrator tails the file while the
 * process runs, and a process that exits right after a write must not lose it.
 */
export class PipesFileMessageWriterChannel implements PipesMessageWriterChannel {
  constructor(readonly path: string) {}

  writeMessage(message: PipesMessage): void {
    appendFileSync(this.path, serialize(message), 'utf8');
  }

  close(): void {
    // Nothing is buffered.
  }
}

/** One JSON line per message on stdout or stderr (synchronous for files and pipes on Linux). */
export class PipesStreamMessageWriterChannel implements PipesMessageWriterChannel {
  constructor(private readonly stream: NodeJS.WritableStream) {}

  writeMessage(message: PipesMessage): void {
    this.stream.write(serialize(message));
  }

  close(): void {
    // The stream belongs to the process.
  }
}

/** Holds every message and writes them all on close ({"buffered_stdio": ...}). */
export class PipesBufferedStreamMessageWriterChannel implements PipesMessageWriterChannel {
  private buffer: PipesMessage[] = [];

  constructor(private readonly stream: NodeJS.WritableStream) {}

  writeMessage(message: PipesMessage): void {
    this.buffer.push(message);
  }

  close(): void {
    for (const message of this.buffer) this.stream.write(serialize(message));
    this.buffer = [];
  }
}

function stdioStream(value: unknown, key: string): NodeJS.WritableStream {
  if (value === 'stdout') return process.stdout;
  if (value === 'stderr') return process.stderr;
  throw new DagsterPipesError(
    `Invalid Pipes messages param "${key}": expected "stdout" or "stderr", got ${JSON.stringify(value)}.`,
  );
}

/** Picks the channel the orchestrator's message reader asked for: {"path"}, {"stdio"} or {"buffered_stdio"}. */
export class PipesDefaultMessageWriter implements PipesMessageWriter {
  static readonly FILE_PATH_KEY = 'path';
  static readonly STDIO_KEY = 'stdio';
  static readonly BUFFERED_STDIO_KEY = 'buffered_stdio';

  open(params: PipesParams): PipesMessageWriterChannel {
    if (PipesDefaultMessageWriter.FILE_PATH_KEY in params) {
      const path = params[PipesDefaultMessageWriter.FILE_PATH_KEY];
      if (typeof path !== 'string')
        throw new DagsterPipesError(
          `Pipes messages param "path" must be a string, got ${JSON.stringify(path)}.`,
        );
      return new PipesFileMessageWriterChannel(path);
    }
    if (PipesDefaultMessageWriter.STDIO_KEY in params) {
      return new PipesStreamMessageWriterChannel(
        stdioStream(params[PipesDefaultMessageWriter.STDIO_KEY], 'stdio'),
      );
    }
    if (PipesDefaultMessageWriter.BUFFERED_STDIO_KEY in params) {
      return new PipesBufferedStreamMessageWriterChannel(
        stdioStream(params[PipesDefaultMessageWriter.BUFFERED_STDIO_KEY], 'buffered_stdio'),
      );
    }
    throw new DagsterPipesError(
      `Invalid Pipes messages params: expected the key "path", "stdio" or "buffered_stdio", got ${JSON.stringify(params)}.`,
    );
  }

  openedExtras(): PipesExtras {
    return {};
  }
}
