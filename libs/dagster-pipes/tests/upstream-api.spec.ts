/* eslint-disable @typescript-eslint/no-explicit-any -- upstream's declarations, `any` included */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as Ours from '../src/index.js';

/**
 * The public API of @dagster-io/dagster-pipes 0.1.0 ("version" in its package.json), written from its
 * sources (github.com/dagster-io/community-integrations, libraries/pipes/implementations/typescript,
 * src/{index,pipes_context,context_loader,params_loader,message_writer,logger,errors,types,
 * normalize_metadata}.ts) as `tsc --declaration` would emit them, one section per module, without
 * the private members (they are no API). The package's index exports openDagsterPipes,
 * PipesContextLoader, PipesLogger, PipesMessageWriter, PipesParamsLoader and DagsterPipesError; the
 * rest is imported from its modules (`@dagster-io/dagster-pipes/dist/<module>`).
 *
 * Below, TypeScript checks that ../src/index.ts exports these names and nothing else, each with the
 * same shape both ways; `npx vitest run` type-checks this file, and so does the typecheck target.
 */
// eslint-disable-next-line @typescript-eslint/no-namespace -- one block declares upstream's modules, as its .d.ts files do
declare namespace Upstream {
  // dist/pipes_context.d.ts
  export const PIPES_PROTOCOL_VERSION = '0.1';
  export function openDagsterPipes(
    paramsLoader?: PipesParamsLoader | null,
    contextLoader?: PipesContextLoader | null,
    messageWriter?: PipesMessageWriter | null,
  ): PipesContext;
  export class PipesContext {
    static getInstance(
      paramsLoader: PipesParamsLoader | null,
      contextLoader: PipesContextLoader | null,
      messageWriter: PipesMessageWriter | null,
    ): PipesContext;
    protected constructor();
    reportAssetMaterialization(
      metadata?: Record<string, any> | null,
      dataVersion?: string | null,
      assetKey?: string | null,
    ): void;
    reportAssetCheck(
      checkName: string,
      passed: boolean,
      severity?: string,
      metadata?: Record<string, any> | null,
      assetKey?: string | null,
    ): void;
    get logger(): PipesLogger;
    log(message: string, level: string): void;
    reportCustomMessage(payload: any): void;
    close(exception?: string | PipesException | null): void;
    [Symbol.dispose](): void;
    get assetKey(): string;
    get assetKeys(): string[];
    get provenance(): ProvenanceByAssetKey | null;
    get provenanceByAssetKey(): Record<string, ProvenanceByAssetKey | null>;
    get codeVersion(): string | null;
    get codeVersionByAssetKey(): Record<string, string | null>;
    get isPartitionStep(): boolean;
    get partitionKey(): string;
    get partitionKeyRange(): PartitionKeyRange;
    get partitionTimeWindow(): PartitionTimeWindow | null;
    get runID(): string;
    get jobName(): string | null;
    get retryNumber(): number;
    getExtra(key: string): any;
    get extras(): Record<string, any>;
    get isClosed(): boolean;
  }

  // dist/context_loader.d.ts
  export abstract class PipesContextLoader {
    constructor();
    abstract loadContext(contextParams: Record<string, any>): PipesContextData;
  }
  export class PipesDefaultContextLoader extends PipesContextLoader {
    constructor();
    loadContext(contextParams: Record<string, any>): PipesContextData;
  }

  // dist/params_loader.d.ts
  export abstract class PipesParamsLoader {
    constructor();
    abstract loadContextParams(): Record<string, any>;
    abstract loadMessagesParams(): Record<string, any>;
    abstract isDagsterPipesProcess(): boolean;
  }
  export class PipesEnvParamsLoader extends PipesParamsLoader {
    constructor();
    loadContextParams(): Record<string, any>;
    loadMessagesParams(): Record<string, any>;
    isDagsterPipesProcess(): boolean;
  }

  // dist/message_writer.d.ts
  export abstract class PipesMessageWriter {
    constructor();
    abstract open(messagesParams: Record<string, any>): void;
    abstract writeMessage(message: PipesMessage): void;
    abstract close(): void;
    openedExtras(): Record<string, any>;
  }
  export class PipesDefaultMessageWriter extends PipesMessageWriter {
    open(messagesParams: Record<string, any>): void;
    writeMessage(message: PipesMessage): void;
    close(): void;
  }

  // dist/logger.d.ts
  export class PipesLogger {
    context: PipesContext;
    constructor(context: PipesContext);
    debug(message: string): void;
    info(message: string): void;
    warning(message: string): void;
    error(message: string): void;
    critical(message: string): void;
  }

  // dist/errors.d.ts
  export class DagsterPipesError extends Error {}
  export interface PipesException {
    message: string;
    stack: string[];
    name: string | null;
    cause: PipesException | null;
    context: PipesException | null;
  }

  // dist/normalize_metadata.d.ts
  export function normalizeMetadata(metadata: Record<string, any>): Record<string, any>;

  // dist/types.d.ts
  export enum AssetCheckSeverity {
    Error = 'ERROR',
    Warn = 'WARN',
  }
  export interface PipesContextData {
    asset_keys?: string[];
    code_version_by_asset_key?: { [key: string]: null | string };
    extras: { [key: string]: any } | null;
    job_name?: string;
    partition_key?: string;
    partition_key_range?: PartitionKeyRange;
    partition_time_window?: PartitionTimeWindow;
    provenance_by_asset_key?: { [key: string]: null | ProvenanceByAssetKey } | null;
    retry_number: number;
    run_id: string;
  }
  export interface PartitionKeyRange {
    end?: string;
    start?: string;
    [property: string]: any;
  }
  export interface PartitionTimeWindow {
    end?: string;
    start?: string;
    [property: string]: any;
  }
  export interface ProvenanceByAssetKey {
    code_version?: string;
    input_data_versions?: { [key: string]: string };
    is_user_provided?: boolean;
    [property: string]: any;
  }
  export enum PipesLogLevel {
    Critical = 'CRITICAL',
    Debug = 'DEBUG',
    Error = 'ERROR',
    Info = 'INFO',
    Warning = 'WARNING',
  }
  export interface PipesMessage {
    __dagster_pipes_version: string;
    method: Method;
    params: { [key: string]: any } | null;
  }
  export enum Method {
    Closed = 'closed',
    Log = 'log',
    Opened = 'opened',
    ReportAssetCheck = 'report_asset_check',
    ReportAssetMaterialization = 'report_asset_materialization',
    ReportCustomMessage = 'report_custom_message',
  }
  export interface PipesMetadataValue {
    raw_value?: any[] | boolean | number | { [key: string]: any } | null | string;
    type?: Type;
    [property: string]: any;
  }
  export enum Type {
    Asset = 'asset',
    Bool = 'bool',
    DagsterRun = 'dagster_run',
    Float = 'float',
    Infer = '__infer__',
    Int = 'int',
    JSON = 'json',
    Job = 'job',
    Md = 'md',
    Notebook = 'notebook',
    Null = 'null',
    Path = 'path',
    Text = 'text',
    Timestamp = 'timestamp',
    URL = 'url',
  }
}

// ---------------------------------------------------------------------------------------------------
// A shape is a type with the API's own types replaced by their names, so that two declarations of the
// same API compare member by member: ours have private members, the declaration above has none, and
// TypeScript never relates classes with different private members. Shapes tell apart what plain
// assignability lets through: `any` from `unknown`, an optional parameter from a required one, a
// getter from a writable property. Enums compare by name and members (TypeScript's own rule).

type IsAny<T> = 0 extends 1 & T ? true : false;
type Same<A, B> = (<G>() => G extends A ? 1 : 2) extends <G>() => G extends B ? 1 : 2 ? true : false;
type NameIn<T, Names> = { [K in keyof Names]: Same<T, Names[K]> extends true ? K : never }[keyof Names];
type ReadonlyKeys<T> = {
  [K in keyof T]-?: Same<Pick<T, K>, { -readonly [Q in K]: T[Q] }> extends true ? never : K;
}[keyof T];
type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];

type Shape<T, Names> =
  IsAny<T> extends true
    ? { any: true }
    : unknown extends T
      ? { unknown: true }
      : [T] extends [never]
        ? { never: true }
        : T extends unknown // one shape per member of a union
          ? [NameIn<T, Names>] extends [never]
            ? Structure<T, Names>
            : { named: NameIn<T, Names> }
          : never;

type Structure<T, Names> = T extends string | number | boolean | bigint | symbol | null | undefined | void
  ? { value: T }
  : T extends (...args: infer P) => infer R
    ? { parameters: { [I in keyof P]: Shape<P[I], Names> }; returns: Shape<R, Names> }
    : T extends readonly (infer E)[]
      ? { items: Shape<E, Names>; readonlyArray: T extends unknown[] ? false : true }
      : {
          members: { [K in keyof T]-?: Shape<T[K], Names> };
          optional: OptionalKeys<T>;
          readonly: ReadonlyKeys<T>;
        };

type ConstructorShape<C, Names> = C extends new (...args: infer P) => unknown
  ? { constructor: 'public'; parameters: { [I in keyof P]: Shape<P[I], Names> } }
  : C extends abstract new (...args: infer P) => unknown
    ? { constructor: 'abstract'; parameters: { [I in keyof P]: Shape<P[I], Names> } }
    : { constructor: 'not public' };

/** A class: its instances, its static members and its constructor (protected ones included). */
interface ClassShape<C, Names> {
  instance: C extends { prototype: infer I } ? Structure<I, Names> : never;
  statics: Structure<Omit<C, 'prototype'>, Names>;
  construct: ConstructorShape<C, Names>;
}

/** The types of one side's API, by name: every type it exports, and the instances of its classes. */
interface OurTypes {
  PipesContext: Ours.PipesContext;
  PipesLogger: Ours.PipesLogger;
  PipesContextLoader: Ours.PipesContextLoader;
  PipesParamsLoader: Ours.PipesParamsLoader;
  PipesMessageWriter: Ours.PipesMessageWriter;
  PipesException: Ours.PipesException;
  PipesContextData: Ours.PipesContextData;
  PipesMessage: Ours.PipesMessage;
  PipesMetadataValue: Ours.PipesMetadataValue;
  PartitionKeyRange: Ours.PartitionKeyRange;
  PartitionTimeWindow: Ours.PartitionTimeWindow;
  ProvenanceByAssetKey: Ours.ProvenanceByAssetKey;
}
interface UpstreamTypes {
  PipesContext: Upstream.PipesContext;
  PipesLogger: Upstream.PipesLogger;
  PipesContextLoader: Upstream.PipesContextLoader;
  PipesParamsLoader: Upstream.PipesParamsLoader;
  PipesMessageWriter: Upstream.PipesMessageWriter;
  PipesException: Upstream.PipesException;
  PipesContextData: Upstream.PipesContextData;
  PipesMessage: Upstream.PipesMessage;
  PipesMetadataValue: Upstream.PipesMetadataValue;
  PartitionKeyRange: Upstream.PartitionKeyRange;
  PartitionTimeWindow: Upstream.PartitionTimeWindow;
  ProvenanceByAssetKey: Upstream.ProvenanceByAssetKey;
}

/**
 * Every exported name of one side with its shape, from its values (`typeof` the module) and its
 * types. A type or class is not named inside its own shape, so that its members are compared.
 */
interface ApiShapes<
  Values extends { [K in keyof typeof Upstream]: unknown },
  Types extends OurTypes | UpstreamTypes,
> {
  PIPES_PROTOCOL_VERSION: Shape<Values['PIPES_PROTOCOL_VERSION'], Types>;
  openDagsterPipes: Shape<Values['openDagsterPipes'], Types>;
  PipesContext: ClassShape<Values['PipesContext'], Omit<Types, 'PipesContext'>>;
  PipesContextLoader: ClassShape<Values['PipesContextLoader'], Omit<Types, 'PipesContextLoader'>>;
  PipesDefaultContextLoader: ClassShape<Values['PipesDefaultContextLoader'], Types>;
  PipesParamsLoader: ClassShape<Values['PipesParamsLoader'], Omit<Types, 'PipesParamsLoader'>>;
  PipesEnvParamsLoader: ClassShape<Values['PipesEnvParamsLoader'], Types>;
  PipesMessageWriter: ClassShape<Values['PipesMessageWriter'], Omit<Types, 'PipesMessageWriter'>>;
  PipesDefaultMessageWriter: ClassShape<Values['PipesDefaultMessageWriter'], Types>;
  PipesLogger: ClassShape<Values['PipesLogger'], Omit<Types, 'PipesLogger'>>;
  DagsterPipesError: ClassShape<Values['DagsterPipesError'], Types>;
  PipesException: Structure<Types['PipesException'], Omit<Types, 'PipesException'>>;
  normalizeMetadata: Shape<Values['normalizeMetadata'], Types>;
  AssetCheckSeverity: Shape<Values['AssetCheckSeverity'], Types>;
  PipesContextData: Structure<Types['PipesContextData'], Omit<Types, 'PipesContextData'>>;
  PartitionKeyRange: Structure<Types['PartitionKeyRange'], Omit<Types, 'PartitionKeyRange'>>;
  PartitionTimeWindow: Structure<Types['PartitionTimeWindow'], Omit<Types, 'PartitionTimeWindow'>>;
  ProvenanceByAssetKey: Structure<Types['ProvenanceByAssetKey'], Omit<Types, 'ProvenanceByAssetKey'>>;
  PipesLogLevel: Shape<Values['PipesLogLevel'], Types>;
  PipesMessage: Structure<Types['PipesMessage'], Omit<Types, 'PipesMessage'>>;
  Method: Shape<Values['Method'], Types>;
  PipesMetadataValue: Structure<Types['PipesMetadataValue'], Omit<Types, 'PipesMetadataValue'>>;
  Type: Shape<Values['Type'], Types>;
}
// Compared member by member, not as two instantiations of ApiShapes (which TypeScript would relate by
// their type arguments).
type OurApi = { [K in keyof ApiShapes<typeof Ours, OurTypes>]: ApiShapes<typeof Ours, OurTypes>[K] };
type UpstreamApi = {
  [K in keyof ApiShapes<typeof Upstream, UpstreamTypes>]: ApiShapes<typeof Upstream, UpstreamTypes>[K];
};

// Both ways: ours can stand where upstream's API is expected, and upstream's where ours is. The first
// check names the exports that differ; the two after it show how.
type Differing = {
  [K in keyof UpstreamApi]: [OurApi[K]] extends [UpstreamApi[K]]
    ? [UpstreamApi[K]] extends [OurApi[K]]
      ? never
      : K
    : K;
}[keyof UpstreamApi];
type NoneDiffer<Names extends never> = Names;
export type DifferingExports = NoneDiffer<Differing>;
expectTypeOf<OurApi>().toExtend<UpstreamApi>();
expectTypeOf<UpstreamApi>().toExtend<OurApi>();

// The runtime values (classes, functions, enums, constants): exactly upstream's, none missing, none added.
expectTypeOf<keyof typeof Ours>().toEqualTypeOf<keyof typeof Upstream>();
// The tables above cover every value upstream exports.
expectTypeOf<Exclude<keyof typeof Upstream, keyof UpstreamApi>>().toBeNever();

/**
 * Never called: the compiler checks that exactly upstream's members are abstract. A subclass that
 * leaves out one of them cannot be concrete; one that implements them all can.
 */
export function abstractWhereUpstreamIs(
  ContextLoader: typeof Ours.PipesContextLoader,
  ParamsLoader: typeof Ours.PipesParamsLoader,
  MessageWriter: typeof Ours.PipesMessageWriter,
): unknown[] {
  const params = () => ({});
  const no = () => undefined;
  // @ts-expect-error -- loadContext is abstract
  class NoLoadContext extends ContextLoader {}
  class ContextLoaderDone extends ContextLoader {
    loadContext = () => ({ run_id: '', retry_number: 0, extras: {} });
  }
  // @ts-expect-error -- loadContextParams is abstract
  class NoContextParams extends ParamsLoader {
    loadMessagesParams = params;
    isDagsterPipesProcess = () => false;
  }
  // @ts-expect-error -- loadMessagesParams is abstract
  class NoMessagesParams extends ParamsLoader {
    loadContextParams = params;
    isDagsterPipesProcess = () => false;
  }
  // @ts-expect-error -- isDagsterPipesProcess is abstract
  class NoIsDagsterPipesProcess extends ParamsLoader {
    loadContextParams = params;
    loadMessagesParams = params;
  }
  class ParamsLoaderDone extends ParamsLoader {
    loadContextParams = params;
    loadMessagesParams = params;
    isDagsterPipesProcess = () => false;
  }
  // @ts-expect-error -- open is abstract
  class NoOpen extends MessageWriter {
    writeMessage = no;
    close = no;
  }
  // @ts-expect-error -- writeMessage is abstract
  class NoWriteMessage extends MessageWriter {
    open = no;
    close = no;
  }
  // @ts-expect-error -- close is abstract
  class NoClose extends MessageWriter {
    open = no;
    writeMessage = no;
  }
  class MessageWriterDone extends MessageWriter {
    open = no;
    writeMessage = no;
    close = no;
  }
  return [
    NoLoadContext,
    ContextLoaderDone,
    NoContextParams,
    NoMessagesParams,
    NoIsDagsterPipesProcess,
    ParamsLoaderDone,
    NoOpen,
    NoWriteMessage,
    NoClose,
    MessageWriterDone,
  ];
}

// ---------------------------------------------------------------------------------------------------

const here = dirname(fileURLToPath(import.meta.url));

/** The names a module exports, from its source: every statement must be a named re-export. */
function reExportedNames(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  return source.statements.flatMap((statement) => {
    if (
      !ts.isExportDeclaration(statement) ||
      !statement.exportClause ||
      !ts.isNamedExports(statement.exportClause)
    ) {
      throw new Error(
        `${file}: "${statement.getText()}" is not a named re-export; list the exports by name.`,
      );
    }
    return statement.exportClause.elements.map((element) => element.name.text);
  });
}

/** The names the Upstream namespace of this file declares. */
function upstreamNames(): string[] {
  const file = fileURLToPath(import.meta.url);
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const namespace = source.statements.find(
    (s): s is ts.ModuleDeclaration => ts.isModuleDeclaration(s) && s.name.text === 'Upstream',
  );
  if (!namespace?.body || !ts.isModuleBlock(namespace.body)) throw new Error('no Upstream namespace');
  return namespace.body.statements.flatMap((statement) => {
    if (ts.isVariableStatement(statement)) {
      return statement.declarationList.declarations.map((d) => (d.name as ts.Identifier).text);
    }
    const name = (statement as ts.DeclarationStatement).name;
    return name && ts.isIdentifier(name) ? [name.text] : [];
  });
}

describe('the public API against @dagster-io/dagster-pipes 0.1.0', () => {
  it('exports exactly the names upstream exports, types included', () => {
    const ours = reExportedNames(join(here, '..', 'src', 'index.ts'));
    expect(new Set(ours).size).toBe(ours.length);
    expect([...ours].sort()).toEqual([...new Set(upstreamNames())].sort());
  });

  it('keeps the additions out of the root export', async () => {
    const root = await import('../src/index.js');
    const extras = await import('../src/extras/index.js');
    for (const name of Object.keys(extras)) expect(Object.keys(root)).not.toContain(name);
  });
});
