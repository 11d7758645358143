import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PipesContext, PipesParamsLoader, openDagsterPipes, type PipesMessage } from '../../src/index.js';

/** Forgets the process-wide context, so that one test process can open several. */
export function resetPipesContext(): void {
  PipesContext['instance'] = null;
}

/** Bootstrap params given as they are (what PipesEnvParamsLoader decodes from the environment). */
export class StaticParamsLoader extends PipesParamsLoader {
  constructor(
    private readonly context: Record<string, unknown> | null,
    private readonly messages: Record<string, unknown> | null = null,
  ) {
    super();
  }

  loadContextParams(): Record<string, unknown> {
    if (!this.context) throw new Error('no context params in this test');
    return this.context;
  }

  loadMessagesParams(): Record<string, unknown> {
    if (!this.messages) throw new Error('no messages params in this test');
    return this.messages;
  }

  isDagsterPipesProcess(): boolean {
    return this.context !== null;
  }
}

/** The context data a PipesSubprocessClient injects for a one-asset step. */
export const STEP_CONTEXT = {
  asset_keys: ['raw/kommuner'],
  code_version_by_asset_key: { 'raw/kommuner': 'v3' },
  provenance_by_asset_key: { 'raw/kommuner': null },
  partition_key: null,
  partition_key_range: null,
  partition_time_window: null,
  run_id: 'run-123',
  job_name: '__ASSET_JOB',
  retry_number: 2,
  extras: { source: 'kommuner', limit: 5 },
};

export function readMessages(path: string): PipesMessage[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as PipesMessage);
}

/**
 * Opens a live context as PipesSubprocessClient sets one up: the context in a file, messages appended
 * to another; `messages()` reads what was sent so far.
 */
export function openLiveContext(
  dir: string,
  overrides: Record<string, unknown> = {},
): { pipes: PipesContext; messages: () => PipesMessage[] } {
  const contextPath = join(dir, 'context.json');
  const messagesPath = join(dir, 'messages.jsonl');
  writeFileSync(contextPath, JSON.stringify({ ...STEP_CONTEXT, ...overrides }));
  const pipes = openDagsterPipes(new StaticParamsLoader({ path: contextPath }, { path: messagesPath }));
  return { pipes, messages: () => readMessages(messagesPath) };
}
