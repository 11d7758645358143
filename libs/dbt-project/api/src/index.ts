export type {
  MediaTypeObject,
  OpenApiDocument,
  OperationObject,
  ParameterObject,
  PathItemObject,
  RefObject,
  ResponseObject,
  SchemaObject,
} from './openapi-document.js';
export { API_PREFIX, API_TITLE } from './openapi-document.js';
