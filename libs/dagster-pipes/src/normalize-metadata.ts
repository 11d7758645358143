/* eslint-disable @typescript-eslint/no-explicit-any -- the signature of @dagster-io/dagster-pipes, `any` included, so a switch to it changes no caller */
import { normalizeMetadataOf } from './internal/metadata-rules.js';

/** Metadata as the orchestrator reads it: each value wrapped as {raw_value, type} (see normalizeMetadataOf). */
export function normalizeMetadata(metadata: Record<string, any>): Record<string, any> {
  return normalizeMetadataOf(metadata, 'normalizeMetadata');
}
