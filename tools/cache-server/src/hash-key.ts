/**
 * The {hash} path segment of /v1/cache/{hash}. Nx sends decimal strings; we also accept lowercase
 * hex so other clients of the same spec work. Anything else (dots, slashes, percent escapes,
 * uppercase, empty, overlong) is refused before it gets anywhere near a storage key or a file name.
 */
export const MAX_HASH_LENGTH = 128;

const HASH_PATTERN = /^[0-9a-f]+$/;

export function isValidHash(value: string): boolean {
  return value.length > 0 && value.length <= MAX_HASH_LENGTH && HASH_PATTERN.test(value);
}

export type ParsedPath =
  | { kind: 'cache'; hash: string }
  | { kind: 'invalid-hash'; raw: string }
  | { kind: 'health' }
  | { kind: 'unknown' };

/**
 * Route a request target. The query string is ignored and runs of slashes are collapsed, because
 * the nx client asks for `//v1/cache/...` when the server URL ends with a slash. Percent escapes
 * are not decoded: an escaped character can never form a valid hash.
 */
export function parseRequestPath(target: string | undefined): ParsedPath {
  const withoutQuery = (target ?? '').split(/[?#]/, 1)[0] ?? '';
  const path = withoutQuery.replace(/\/{2,}/g, '/');
  if (path === '/health' || path === '/health/') return { kind: 'health' };
  const prefix = '/v1/cache/';
  if (!path.startsWith(prefix)) return { kind: 'unknown' };
  const raw = path.slice(prefix.length);
  return isValidHash(raw) ? { kind: 'cache', hash: raw } : { kind: 'invalid-hash', raw };
}
