/**
 * The OpenAPI 3.0 document of the public API (openapi.json beside this folder), as far as Atlas reads
 * or writes it: the snapshot tooling writes it from PostgREST, the contract check compares it with
 * the api_v1 models, the customer app generates its types from it. Open where the spec is open.
 */
export interface SchemaObject {
  $ref?: string;
  type?: string;
  format?: string;
  nullable?: boolean;
  enum?: unknown[];
  description?: string;
  items?: SchemaObject;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  [key: string]: unknown;
}

export interface RefObject {
  $ref: string;
}

export interface ParameterObject {
  $ref?: string;
  name?: string;
  in?: string;
  description?: string;
  required?: boolean;
  schema?: SchemaObject;
  [key: string]: unknown;
}

export interface MediaTypeObject {
  schema?: SchemaObject;
  [key: string]: unknown;
}

export interface ResponseObject {
  $ref?: string;
  description?: string;
  content?: Record<string, MediaTypeObject | undefined>;
  [key: string]: unknown;
}

export interface OperationObject {
  summary?: string;
  description?: string;
  tags?: string[];
  operationId?: string;
  parameters?: (ParameterObject | RefObject)[];
  responses?: Record<string, ResponseObject | undefined>;
  [key: string]: unknown;
}

export interface PathItemObject {
  get?: OperationObject;
  [method: string]: unknown;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string; [key: string]: unknown };
  servers?: unknown[];
  tags?: { name: string; description?: string }[];
  paths: Record<string, PathItemObject>;
  components: {
    schemas?: Record<string, SchemaObject>;
    parameters?: Record<string, ParameterObject>;
    responses?: Record<string, unknown>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** Where the API's paths start, and the title every snapshot carries. */
export const API_PREFIX = '/v1/';
export const API_TITLE = 'Atlas public API';
