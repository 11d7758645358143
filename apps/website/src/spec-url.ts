/**
 * The OpenAPI document /api renders: the live URL given at build time (customFields.openapiUrl, from
 * ATLAS_OPENAPI_URL) when there is one, else the snapshot the build copied to the site.
 */
export function specUrlFrom(customFields: Record<string, unknown> | undefined, snapshotUrl: string): string {
  const live = customFields?.['openapiUrl'];
  return typeof live === 'string' && live.trim() !== '' ? live.trim() : snapshotUrl;
}
