/** Where the public API lives: ATLAS_API_URL, the PostgREST base URL that /v1/... paths hang off. */
export function readApiBaseUrl(env: Record<string, string | undefined> = process.env): string {
  const raw = env['ATLAS_API_URL']?.trim();
  if (!raw) {
    throw new Error(
      'ATLAS_API_URL is not set: set it to the base URL of the Atlas API (PostgREST), e.g. http://localhost:3001.',
    );
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(
      `ATLAS_API_URL is not a URL (${JSON.stringify(raw)}): set it to e.g. http://localhost:3001.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`ATLAS_API_URL must be http or https, not ${url.protocol} (${raw}).`);
  }
  if (url.search || url.hash) {
    throw new Error(`ATLAS_API_URL must not carry a query or fragment (${raw}): give only the base URL.`);
  }
  return url.href.replace(/\/+$/, '');
}
