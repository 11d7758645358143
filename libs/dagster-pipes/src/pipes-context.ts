/* eslint-disable @typescript-eslint/no-explicit-any -- the signatures of @dagster-io/dagster-pipes, `any` included, so a switch to it changes no caller */
import { PipesDefaultContextLoader, type PipesContextLoader } from './context-loader.js';
import { DagsterPipesError, type PipesException } from './errors.js';
import { contextInScope, type ContextInScope } from './internal/context-in-scope.js';
import { normalizeMetadataOf } from './internal/metadata-rules.js';
import { PipesLogger } from './logger.js';
import { PipesDefaultMessageWriter, type PipesMessageWriter } from './message-writer.js';
import { PipesEnvParamsLoader, type PipesParamsLoader } from './params-loader.js';
import {
  AssetCheckSeverity,
  Method,
  PipesLogLevel,
  type PartitionKeyRange,
  type PartitionTimeWindow,
  type PipesMessage,
  type ProvenanceByAssetKey,
} from './types.js';

export const PIPES_PROTOCOL_VERSION = '0.1';

const NOT_LAUNCHED_BY_DAGSTER =
  'This process was not launched by a Dagster orchestration process (DAGSTER_PIPES_CONTEXT is not set): ' +
  'every call on the dagster-pipes context is a no-op.';

/**
 * Opens Dagster Pipes for this process, once: later calls return the same context. Under Dagster
 * it loads the injected context, opens the message writer and sends `opened`; otherwise it warns
 * and returns the no-op context, so the same program runs from a terminal. The context is
 * disposable (`using pipes = openDagsterPipes()` closes it at the end of the scope).
 */
export function openDagsterPipes(
  paramsLoader: PipesParamsLoader | null = null,
  contextLoader: PipesContextLoader | null = null,
  messageWriter: PipesMessageWriter | null = null,
): PipesContext {
  return PipesContext.getInstance(paramsLoader, contextLoader, messageWriter);
}

/**
 * The Pipes context of this process: the step's assets, partitions, run and extras, and the reports
 * back to the orchestrator. This base class is the no-op context handed out when the process was
 * not started by Dagster (every report is dropped, the getters return empty values); under Dagster
 * `openDagsterPipes` returns the live subclass.
 */
export class PipesContext {
  private static instance: PipesContext | null = null;

  static getInstance(
    paramsLoader: PipesParamsLoader | null,
    contextLoader: PipesContextLoader | null,
    messageWriter: PipesMessageWriter | null,
  ): PipesContext {
    if (PipesContext.instance) return PipesContext.instance;
    const params = paramsLoader ?? new PipesEnvParamsLoader();
    if (!params.isDagsterPipesProcess()) {
      console.warn(NOT_LAUNCHED_BY_DAGSTER);
      PipesContext.instance = new PipesContext();
      return PipesContext.instance;
    }
    PipesContext.instance = new LivePipesContext(
      params,
      contextLoader ?? new PipesDefaultContextLoader(),
      messageWriter ?? new PipesDefaultMessageWriter(),
    );
    return PipesContext.instance;
  }

  private readonly pipesLogger: PipesLogger;

  protected constructor() {
    this.pipesLogger = new PipesLogger(this);
  }

  /**
   * Reports the materialization of an asset of the step (the only one when `assetKey` is null), once
   * per asset; `dataVersion` becomes its data version.
   */
  reportAssetMaterialization(
    _metadata: Record<string, any> | null = null,
    _dataVersion: string | null = null,
    _assetKey: string | null = null,
  ): void {
    // no-op
  }

  /** Reports the result of an asset check; `severity` is "ERROR" or "WARN". */
  reportAssetCheck(
    _checkName: string,
    _passed: boolean,
    _severity: string = AssetCheckSeverity.Error,
    _metadata: Record<string, any> | null = null,
    _assetKey: string | null = null,
  ): void {
    // no-op
  }

  /** Logs to the orchestrator at a fixed level: `logger.info(message)`, `.debug`, `.warning`, ... */
  get logger(): PipesLogger {
    return this.pipesLogger;
  }

  /** Logs to the orchestrator; `level` is one of DEBUG, INFO, WARNING, ERROR, CRITICAL. */
  log(_message: string, _level: string): void {
    // no-op
  }

  /** Sends any JSON value; the orchestrator reads it with `get_custom_messages()`. */
  reportCustomMessage(_payload: any): void {
    // no-op
  }

  /**
   * Sends `closed`, with the exception the step failed with if any (a string is sent as its
   * message); later calls do nothing, and no message can follow.
   */
  close(_exception: string | PipesException | null = null): void {
    // no-op
  }

  [Symbol.dispose](): void {
    this.close();
  }

  /** The asset of the step; fails when the step has none or several. */
  get assetKey(): string {
    return '';
  }

  get assetKeys(): string[] {
    return [];
  }

  get provenance(): ProvenanceByAssetKey | null {
    return null;
  }

  get provenanceByAssetKey(): Record<string, ProvenanceByAssetKey | null> {
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

  /** The partition of the step; fails when it has none or a range. */
  get partitionKey(): string {
    return '';
  }

  get partitionKeyRange(): PartitionKeyRange {
    return { start: '', end: '' };
  }

  /** Null when the step's partitions are not time windows. */
  get partitionTimeWindow(): PartitionTimeWindow | null {
    return null;
  }

  get runID(): string {
    return '';
  }

  get jobName(): string | null {
    return null;
  }

  get retryNumber(): number {
    return 0;
  }

  /** One extra the Pipes client's run() passed; fails when it did not pass this one. */
  getExtra(_key: string): any {
    return null;
  }

  get extras(): Record<string, any> {
    return {};
  }

  get isClosed(): boolean {
    return false;
  }
}

const LOG_LEVELS = new Set<string>(Object.values(PipesLogLevel));
const SEVERITIES = new Set<string>(Object.values(AssetCheckSeverity));

function isPipesException(value: unknown): value is PipesException {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<PipesException>;
  return typeof candidate.message === 'string' && Array.isArray(candidate.stack);
}

/** The exception of `closed` on the wire; anything else than upstream's two shapes is sent as text. */
function exceptionOnTheWire(exception: unknown): PipesException {
  if (isPipesException(exception)) {
    return {
      message: exception.message,
      stack: exception.stack,
      name: exception.name ?? null,
      cause: exception.cause ?? null,
      context: exception.context ?? null,
    };
  }
  return { message: String(exception), stack: [], name: null, cause: null, context: null };
}

/** The context of a process Dagster started: every call becomes a message to the orchestrator. */
class LivePipesContext extends PipesContext {
  private readonly scope: ContextInScope;
  private readonly writer: PipesMessageWriter;
  private readonly materialized = new Set<string>();
  private closed = false;

  constructor(
    paramsLoader: PipesParamsLoader,
    contextLoader: PipesContextLoader,
    messageWriter: PipesMessageWriter,
  ) {
    super();
    this.scope = contextInScope(
      contextLoader.loadContext(paramsLoader.loadContextParams()),
      'the context loader',
    );
    messageWriter.open(paramsLoader.loadMessagesParams());
    this.writer = messageWriter;
    this.send(Method.Opened, { extras: messageWriter.openedExtras() });
  }

  private send(method: Method, params: Record<string, unknown>): void {
    if (this.closed)
      throw new DagsterPipesError(`Cannot send \`${method}\` after the Pipes context is closed.`);
    const message: PipesMessage = { __dagster_pipes_version: PIPES_PROTOCOL_VERSION, method, params };
    this.writer.writeMessage(message);
  }

  private resolveAssetKey(assetKey: string | null, method: string): string {
    if (assetKey !== null && typeof assetKey !== 'string') {
      throw new DagsterPipesError(
        `Invalid asset key for \`${method}\`: expected a string like "raw/kommuner".`,
      );
    }
    const defined = this.scope.assetKeys;
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
    metadata: Record<string, any> | null = null,
    dataVersion: string | null = null,
    assetKey: string | null = null,
  ): void {
    const method = Method.ReportAssetMaterialization;
    const key = this.resolveAssetKey(assetKey, method);
    if (this.materialized.has(key)) {
      throw new DagsterPipesError(
        `Asset "${key}" was already reported as materialized; report each asset once.`,
      );
    }
    if (dataVersion !== null && typeof dataVersion !== 'string') {
      throw new DagsterPipesError(`Invalid data version for \`${method}\`: expected a string or null.`);
    }
    this.send(method, {
      asset_key: key,
      data_version: dataVersion,
      metadata: metadata && Object.keys(metadata).length > 0 ? normalizeMetadataOf(metadata, method) : null,
    });
    this.materialized.add(key);
  }

  override reportAssetCheck(
    checkName: string,
    passed: boolean,
    severity: string = AssetCheckSeverity.Error,
    metadata: Record<string, any> | null = null,
    assetKey: string | null = null,
  ): void {
    const method = Method.ReportAssetCheck;
    const key = this.resolveAssetKey(assetKey, method);
    if (typeof checkName !== 'string' || checkName === '') {
      throw new DagsterPipesError(`Invalid check name for \`${method}\`: expected a non-empty string.`);
    }
    if (typeof passed !== 'boolean') {
      throw new DagsterPipesError(`Invalid \`passed\` for \`${method}\`: expected a boolean.`);
    }
    if (!SEVERITIES.has(severity)) {
      throw new DagsterPipesError(
        `Invalid severity ${JSON.stringify(severity)} for \`${method}\`: expected "ERROR" or "WARN".`,
      );
    }
    this.send(method, {
      asset_key: key,
      check_name: checkName,
      passed,
      metadata: metadata && Object.keys(metadata).length > 0 ? normalizeMetadataOf(metadata, method) : null,
      severity,
    });
  }

  override log(message: string, level: string): void {
    if (!LOG_LEVELS.has(level)) {
      throw new DagsterPipesError(
        `Invalid log level ${JSON.stringify(level)}: expected one of ${[...LOG_LEVELS].join(', ')}.`,
      );
    }
    this.send(Method.Log, { message: String(message), level });
  }

  override reportCustomMessage(payload: any): void {
    if (payload !== null && payload !== undefined && JSON.stringify(payload) === undefined) {
      throw new DagsterPipesError(
        'Invalid payload for `report_custom_message`: expected a JSON-serializable value.',
      );
    }
    this.send(Method.ReportCustomMessage, { payload: payload ?? null });
  }

  override close(exception: string | PipesException | null = null): void {
    if (this.closed) return;
    const params =
      exception === null || exception === undefined ? {} : { exception: exceptionOnTheWire(exception) };
    this.send(Method.Closed, params);
    this.closed = true;
    this.writer.close();
  }

  override get isClosed(): boolean {
    return this.closed;
  }

  private definedAssetKeys(property: string): string[] {
    if (!this.scope.assetKeys)
      throw new DagsterPipesError(`\`${property}\` is undefined: this step targets no asset.`);
    return this.scope.assetKeys;
  }

  private singleAsset(property: string): string {
    const keys = this.definedAssetKeys(property);
    if (keys.length !== 1) {
      throw new DagsterPipesError(`\`${property}\` is undefined: this step targets several assets.`);
    }
    return keys[0] as string;
  }

  override get assetKey(): string {
    return this.singleAsset('assetKey');
  }

  override get assetKeys(): string[] {
    return this.definedAssetKeys('assetKeys');
  }

  override get provenance(): ProvenanceByAssetKey | null {
    return this.scope.provenanceByAssetKey?.[this.singleAsset('provenance')] ?? null;
  }

  override get provenanceByAssetKey(): Record<string, ProvenanceByAssetKey | null> {
    this.definedAssetKeys('provenanceByAssetKey');
    return this.scope.provenanceByAssetKey ?? {};
  }

  override get codeVersion(): string | null {
    return this.scope.codeVersionByAssetKey?.[this.singleAsset('codeVersion')] ?? null;
  }

  override get codeVersionByAssetKey(): Record<string, string | null> {
    this.definedAssetKeys('codeVersionByAssetKey');
    return this.scope.codeVersionByAssetKey ?? {};
  }

  override get isPartitionStep(): boolean {
    return this.scope.partitionKeyRange !== null;
  }

  override get partitionKey(): string {
    if (this.scope.partitionKey === null) {
      throw new DagsterPipesError('`partitionKey` is undefined: this step targets no single partition.');
    }
    return this.scope.partitionKey;
  }

  override get partitionKeyRange(): PartitionKeyRange {
    if (this.scope.partitionKeyRange === null) {
      throw new DagsterPipesError('`partitionKeyRange` is undefined: this step targets no partitions.');
    }
    return this.scope.partitionKeyRange;
  }

  override get partitionTimeWindow(): PartitionTimeWindow | null {
    if (this.scope.partitionKeyRange === null) {
      throw new DagsterPipesError('`partitionTimeWindow` is undefined: this step targets no partitions.');
    }
    return this.scope.partitionTimeWindow;
  }

  override get runID(): string {
    return this.scope.runId;
  }

  override get jobName(): string | null {
    return this.scope.jobName;
  }

  override get retryNumber(): number {
    return this.scope.retryNumber;
  }

  override getExtra(key: string): any {
    if (!(key in this.scope.extras)) {
      throw new DagsterPipesError(
        `Extra "${key}" is undefined: pass it in extras= of the Pipes client's run().`,
      );
    }
    return this.scope.extras[key];
  }

  override get extras(): Record<string, any> {
    return this.scope.extras;
  }
}
