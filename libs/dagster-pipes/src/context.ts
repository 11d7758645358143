import { PipesDefaultContextLoader, type PipesContextLoader } from './context-loader.js';
import { DagsterPipesError, toPipesException } from './errors.js';
import { makeLogger, type PipesLogger } from './logger.js';
import {
  PipesDefaultMessageWriter,
  type PipesMessageWriter,
  type PipesMessageWriterChannel,
} from './message-writer.js';
import { normalizeMetadata } from './metadata.js';
import { PipesEnvParamsLoader, type PipesParamsLoader } from './params-loader.js';
import {
  PIPES_LOG_LEVELS,
  makeMessage,
  type Method,
  type PipesAssetCheckSeverity,
  type PipesContextData,
  type PipesDataProvenance,
  type PipesException,
  type PipesExtras,
  type PipesLogLevel,
  type PipesMetadata,
  type PipesPartitionKeyRange,
  type PipesTimeWindow,
} from './protocol.js';

export const NOT_LAUNCHED_BY_DAGSTER_WARNING =
  'dagster-pipes: this process was not launched by a Dagster orchestration process (DAGSTER_PIPES_CONTEXT is not set); ' +
  'every call on the Pipes context is a no-op.';

/**
 * The Pipes context of this process. This base class is the no-op context handed out when the
 * process was not started by Dagster: every report is dropped and the getters return empty values,
 * so the same program runs unchanged from a terminal. `openDagsterPipes()` returns the live
 * subclass when the orchestrator's parameters are present.
 */
export class PipesContext {
  private static instance: PipesContext | null = null;

  /** The context of this process: the first call decides between live and no-op. */
  static getInstance(
    paramsLoader: PipesParamsLoader | null = null,
    contextLoader: PipesContextLoader | null = null,
    messageWriter: PipesMessageWriter | null = null,
  ): PipesContext {
    if (PipesContext.instance) return PipesContext.instance;
    const params = paramsLoader ?? new PipesEnvParamsLoader();
    if (params.isDagsterPipesProcess()) {
      PipesContext.instance = new LivePipesContext(
        params,
        contextLoader ?? new PipesDefaultContextLoader(),
        messageWriter ?? new PipesDefaultMessageWriter(),
      );
    } else {
      console.warn(NOT_LAUNCHED_BY_DAGSTER_WARNING);
      PipesContext.instance = new PipesContext();
    }
    return PipesContext.instance;
  }

  static isInitialized(): boolean {
    return PipesContext.instance !== null;
  }

  /** Forget the process-wide context (tests open several in one process). */
  static reset(): void {
    PipesContext.instance = null;
  }

  readonly log: PipesLogger;

  protected constructor() {
    this.log = makeLogger((message, level) => this.writeLog(message, level));
  }

  /** The Python-style logger; the same object as `log`. */
  get logger(): PipesLogger {
    return this.log;
  }

  /** False for the no-op context. */
  get isLive(): boolean {
    return false;
  }

  protected writeLog(_message: string, _level: PipesLogLevel): void {
    // no-op
  }

  reportAssetMaterialization(
    _metadata: PipesMetadata | null = null,
    _dataVersion: string | null = null,
    _assetKey: string | null = null,
  ): void {
    // no-op
  }

  reportAssetCheck(
    _checkName: string,
    _passed: boolean,
    _severity: PipesAssetCheckSeverity = 'ERROR',
    _metadata: PipesMetadata | null = null,
    _assetKey: string | null = null,
  ): void {
    // no-op
  }

  reportCustomMessage(_payload: unknown): void {
    // no-op
  }

  /** Sends `closed` (with the exception, if any); later calls do nothing. */
  close(_exception: unknown = null): void {
    // no-op
  }

  [Symbol.dispose](): void {
    this.close();
  }

  get isClosed(): boolean {
    return false;
  }

  get isAssetStep(): boolean {
    return false;
  }

  get assetKey(): string {
    return '';
  }

  get assetKeys(): string[] {
    return [];
  }

  get provenance(): PipesDataProvenance | null {
    return null;
  }

  get provenanceByAssetKey(): Record<string, PipesDataProvenance | null> {
    return {};
  }

  get codeVersion(): string | null {
    return null;
  }

  get codeVersionByAssetKey(): Record<string, string | null> {
    return {};
  }

  get isPartitionStep(): boolean {
    return false;
  }

  get partitionKey(): string {
    return '';
  }

  get partitionKeyRange(): PipesPartitionKeyRange {
    return { start: '', end: '' };
  }

  get partitionTimeWindow(): PipesTimeWindow | null {
    return null;
  }

  get runId(): string {
    return '';
  }

  /** Upstream's spelling of runId. */
  get runID(): string {
    return this.runId;
  }

  get jobName(): string | null {
    return null;
  }

  get retryNumber(): number {
    return 0;
  }

  get extras(): PipesExtras {
    return {};
  }

  getExtra(_key: string): unknown {
    return null;
  }
}

function asException(thrown: unknown): PipesException {
  if (typeof thrown === 'object' && thrown !== null && !(thrown instanceof Error)) {
    const candidate = thrown as Partial<PipesException>;
    if (typeof candidate.message === 'string' && Array.isArray(candidate.stack)) {
      return {
        message: candidate.message,
        stack: candidate.stack,
        name: candidate.name ?? null,
        cause: candidate.cause ?? null,
        context: candidate.context ?? null,
      };
    }
  }
  return toPipesException(thrown);
}

class LivePipesContext extends PipesContext {
  private readonly data: PipesContextData;
  private readonly channel: PipesMessageWriterChannel;
  private readonly materialized = new Set<string>();
  private closed = false;
  private readonly onUncaught = (error: unknown) => this.close(error);
  private readonly onExit = () => this.close();

  constructor(
    paramsLoader: PipesParamsLoader,
    contextLoader: PipesContextLoader,
    messageWriter: PipesMessageWriter,
  ) {
    super();
    this.data = contextLoader.loadContext(paramsLoader.loadContextParams());
    this.channel = messageWriter.open(paramsLoader.loadMessagesParams());
    this.channel.writeMessage(makeMessage('opened', { extras: messageWriter.openedExtras() }));
    // A crash still tells the orchestrator why; the monitor only observes, Node's own handling
    // (print, exit 1) is unchanged. A process that forgets close() still ends the session cleanly.
    process.on('uncaughtExceptionMonitor', this.onUncaught);
    process.on('exit', this.onExit);
  }

  override get isLive(): boolean {
    return true;
  }

  private write(method: Method, params: Record<string, unknown>): void {
    if (this.closed)
      throw new DagsterPipesError(`Cannot send \`${method}\` after the Pipes context is closed.`);
    this.channel.writeMessage(makeMessage(method, params));
  }

  protected override writeLog(message: string, level: PipesLogLevel): void {
    if (!PIPES_LOG_LEVELS.includes(level)) {
      throw new DagsterPipesError(
        `Invalid log level ${JSON.stringify(level)}: expected one of ${PIPES_LOG_LEVELS.join(', ')}.`,
      );
    }
    this.write('log', { message, level });
  }

  private resolveAssetKey(assetKey: string | null, method: string): string {
    const defined = this.data.asset_keys;
    if (assetKey !== null && typeof assetKey !== 'string') {
      throw new DagsterPipesError(
        `Invalid asset key for \`${method}\`: expected a string like "raw/kommuner".`,
      );
    }
    if (defined && defined.length > 0) {
      if (assetKey) {
        if (!defined.includes(assetKey)) {
          throw new DagsterPipesError(
            `Invalid asset key for \`${method}\`: expected one of ${JSON.stringify(defined)}, got "${assetKey}".`,
          );
        }
        return assetKey;
      }
      if (defined.length !== 1) {
        throw new DagsterPipesError(
          `Calling \`${method}\` without an asset key is undefined: this step targets several assets.`,
        );
      }
      return defined[0] as string;
    }
    if (!assetKey) {
      throw new DagsterPipesError(
        `Calling \`${method}\` without an asset key is undefined: this step targets no asset.`,
      );
    }
    return assetKey;
  }

  override reportAssetMaterialization(
    metadata: PipesMetadata | null = null,
    dataVersion: string | null = null,
    assetKey: string | null = null,
  ): void {
    const method = 'report_asset_materialization';
    const key = this.resolveAssetKey(assetKey, method);
    if (this.materialized.has(key)) {
      throw new DagsterPipesError(
        `Asset "${key}" was already reported as materialized; report each asset once.`,
      );
    }
    if (dataVersion !== null && typeof dataVersion !== 'string') {
      throw new DagsterPipesError(`Invalid data version for \`${method}\`: expected a string or null.`);
    }
    this.write(method, {
      asset_key: key,
      data_version: dataVersion,
      metadata: metadata && Object.keys(metadata).length > 0 ? normalizeMetadata(metadata, method) : null,
    });
    this.materialized.add(key);
  }

  override reportAssetCheck(
    checkName: string,
    passed: boolean,
    severity: PipesAssetCheckSeverity = 'ERROR',
    metadata: PipesMetadata | null = null,
    assetKey: string | null = null,
  ): void {
    const method = 'report_asset_check';
    const key = this.resolveAssetKey(assetKey, method);
    if (typeof checkName !== 'string' || checkName === '') {
      throw new DagsterPipesError(`Invalid check name for \`${method}\`: expected a non-empty string.`);
    }
    if (typeof passed !== 'boolean')
      throw new DagsterPipesError(`Invalid \`passed\` for \`${method}\`: expected a boolean.`);
    if (severity !== 'ERROR' && severity !== 'WARN') {
      throw new DagsterPipesError(
        `Invalid severity for \`${method}\`: expected "ERROR" or "WARN", got ${JSON.stringify(severity)}.`,
      );
    }
    this.write(method, {
      asset_key: key,
      check_name: checkName,
      passed,
      metadata: metadata && Object.keys(metadata).length > 0 ? normalizeMetadata(metadata, method) : null,
      severity,
    });
  }

  override reportCustomMessage(payload: unknown): void {
    if (payload !== null && JSON.stringify(payload) === undefined) {
      throw new DagsterPipesError(
        'Invalid payload for `report_custom_message`: expected a JSON-serializable value.',
      );
    }
    this.write('report_custom_message', { payload: payload ?? null });
  }

  override close(exception: unknown = null): void {
    if (this.closed) return;
    process.off('uncaughtExceptionMonitor', this.onUncaught);
    process.off('exit', this.onExit);
    const params = exception === null || exception === undefined ? {} : { exception: asException(exception) };
    this.channel.writeMessage(makeMessage('closed', params));
    this.channel.close();
    this.closed = true;
  }

  override get isClosed(): boolean {
    return this.closed;
  }

  override get isAssetStep(): boolean {
    return this.data.asset_keys !== null;
  }

  private definedAssetKeys(property: string): string[] {
    if (!this.data.asset_keys)
      throw new DagsterPipesError(`\`${property}\` is undefined: this step targets no asset.`);
    return this.data.asset_keys;
  }

  private singleAsset(property: string): string {
    const keys = this.definedAssetKeys(property);
    if (keys.length !== 1)
      throw new DagsterPipesError(`\`${property}\` is undefined: this step targets several assets.`);
    return keys[0] as string;
  }

  override get assetKey(): string {
    return this.singleAsset('assetKey');
  }

  override get assetKeys(): string[] {
    return this.definedAssetKeys('assetKeys');
  }

  override get provenance(): PipesDataProvenance | null {
    const key = this.singleAsset('provenance');
    return this.data.provenance_by_asset_key?.[key] ?? null;
  }

  override get provenanceByAssetKey(): Record<string, PipesDataProvenance | null> {
    this.definedAssetKeys('provenanceByAssetKey');
    return this.data.provenance_by_asset_key ?? {};
  }

  override get codeVersion(): string | null {
    const key = this.singleAsset('codeVersion');
    return this.data.code_version_by_asset_key?.[key] ?? null;
  }

  override get codeVersionByAssetKey(): Record<string, string | null> {
    this.definedAssetKeys('codeVersionByAssetKey');
    return this.data.code_version_by_asset_key ?? {};
  }

  override get isPartitionStep(): boolean {
    return this.data.partition_key_range !== null;
  }

  override get partitionKey(): string {
    if (this.data.partition_key === null)
      throw new DagsterPipesError('`partitionKey` is undefined: this step targets no single partition.');
    return this.data.partition_key;
  }

  override get partitionKeyRange(): PipesPartitionKeyRange {
    if (this.data.partition_key_range === null)
      throw new DagsterPipesError('`partitionKeyRange` is undefined: this step targets no partitions.');
    return this.data.partition_key_range;
  }

  override get partitionTimeWindow(): PipesTimeWindow | null {
    if (this.data.partition_key_range === null)
      throw new DagsterPipesError('`partitionTimeWindow` is undefined: this step targets no partitions.');
    return this.data.partition_time_window;
  }

  override get runId(): string {
    return this.data.run_id;
  }

  override get jobName(): string | null {
    return this.data.job_name;
  }

  override get retryNumber(): number {
    return this.data.retry_number;
  }

  override get extras(): PipesExtras {
    return this.data.extras;
  }

  override getExtra(key: string): unknown {
    if (!(key in this.data.extras)) {
      throw new DagsterPipesError(
        `Extra "${key}" is undefined: pass it in extras= of the Pipes client's run().`,
      );
    }
    return this.data.extras[key];
  }
}

/**
 * Opens Dagster Pipes for this process (once; later calls return the same context). Under Dagster
 * it reads DAGSTER_PIPES_CONTEXT / DAGSTER_PIPES_MESSAGES and sends `opened`; otherwise it warns once
 * and returns the no-op context.
 */
export function openDagsterPipes(
  paramsLoader: PipesParamsLoader | null = null,
  contextLoader: PipesContextLoader | null = null,
  messageWriter: PipesMessageWriter | null = null,
): PipesContext {
  return PipesContext.getInstance(paramsLoader, contextLoader, messageWriter);
}
