/* eslint-disable @typescript-eslint/no-explicit-any -- the signatures of @dagster-io/dagster-pipes, `any` included, so a switch to it changes no caller */
import { appendFileSync } from 'node:fs';
import { DagsterPipesError } from './errors.js';
import { serializeMessage } from './internal/message-line.js';
import type { PipesMessage } from './types.js';

/** Carries messages from this process to the orchestrator's message reader. */
export abstract class PipesMessageWriter {
  /** Called once by `openDagsterPipes` with the message reader's params. */
  abstract open(messagesParams: Record<string, any>): void;
  abstract writeMessage(message: PipesMessage): void;
  /** Called by the context's `close()`, after the `closed` message. */
  abstract close(): void;
  /** Sent with the `opened` message: what the orchestrator cannot know before the process ran. */
  openedExtras(): Record<string, any> {
    return {};
  }
}

type Destination = { kind: 'file'; path: string } | { kind: 'stream'; stream: NodeJS.WritableStream };

function stdioStream(value: unknown, key: string): NodeJS.WritableStream {
  if (value === 'stdout') return process.stdout;
  if (value === 'stderr') return process.stderr;
  throw new DagsterPipesError(
    `Invalid Pipes messages param "${key}": expected "stdout" or "stderr", got ${JSON.stringify(value)}.`,
  );
}

/**
 * Writes where the orchestrator's message reader asked: {"path"} appends one JSON line per message,
 * synchronously (the orchestrator tails the file while the process runs, and a process that exits
 * right after a write must not lose it); {"stdio"} writes each line to stdout or stderr;
 * {"buffered_stdio"} holds every line and writes them all on close.
 */
export class PipesDefaultMessageWriter extends PipesMessageWriter {
  private destination: Destination | null = null;
  private buffer: string[] | null = null;
  private closed = false;

  open(messagesParams: Record<string, any>): void {
    if ('path' in messagesParams) {
      const path: unknown = messagesParams['path'];
      if (typeof path !== 'string') {
        throw new DagsterPipesError(
          `Pipes messages param "path" must be a string, got ${JSON.stringify(path)}.`,
        );
      }
      if (messagesParams['include_stdio_in_messages'] === true) {
        throw new DagsterPipesError(
          'include_stdio_in_messages is not supported by this process: leave it off on the message reader ' +
            '(the subprocess client shows the process output itself).',
        );
      }
      this.destination = { kind: 'file', path };
    } else if ('stdio' in messagesParams) {
      this.destination = { kind: 'stream', stream: stdioStream(messagesParams['stdio'], 'stdio') };
    } else if ('buffered_stdio' in messagesParams) {
      this.destination = {
        kind: 'stream',
        stream: stdioStream(messagesParams['buffered_stdio'], 'buffered_stdio'),
      };
      this.buffer = [];
    } else {
      throw new DagsterPipesError(
        `Invalid Pipes messages params: expected the key "path", "stdio" or "buffered_stdio", got ${JSON.stringify(messagesParams)}.`,
      );
    }
  }

  writeMessage(message: PipesMessage): void {
    if (this.destination === null) {
      throw new DagsterPipesError(
        'The message writer is not open: call open() with the messages params first.',
      );
    }
    if (this.closed)
      throw new DagsterPipesError('The message writer is closed: no message can follow close().');
    const line = serializeMessage(message);
    if (this.buffer !== null) this.buffer.push(line);
    else this.write(this.destination, line);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.destination === null || this.buffer === null) return;
    for (const line of this.buffer) this.write(this.destination, line);
    this.buffer = [];
  }

  private write(destination: Destination, line: string): void {
    if (destination.kind === 'file') appendFileSync(destination.path, line, 'utf8');
    else destination.stream.write(line);
  }
}
