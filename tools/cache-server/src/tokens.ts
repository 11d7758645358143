import { createHash, timingSafeEqual } from 'node:crypto';

export type Access = 'read' | 'write';

export interface TokenMatch {
  access: Access;
  /** First 8 hex characters of sha256(token): safe to log, enough to tell tokens apart. */
  tokenId: string;
}

const sha256 = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

export function tokenId(token: string): string {
  return sha256(token).toString('hex').slice(0, 8);
}

/** Split a comma-separated token list; blanks are dropped, surrounding spaces trimmed. */
export function parseTokenList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
}

/**
 * Bearer tokens with two access levels. Only sha256 digests are kept; a presented token is hashed
 * and compared with every configured digest through timingSafeEqual (fixed length, no early exit),
 * so neither the token's content nor its length leaks through timing.
 */
export class TokenStore {
  private readonly entries: { digest: Buffer; access: Access }[];

  constructor(readTokens: readonly string[], writeTokens: readonly string[]) {
    this.entries = [
      ...writeTokens.map((t) => ({ digest: sha256(t), access: 'write' as const })),
      ...readTokens.map((t) => ({ digest: sha256(t), access: 'read' as const })),
    ];
  }

  get size(): number {
    return this.entries.length;
  }

  /** The access a token grants (write wins when a token is listed twice), or null when unknown. */
  check(token: string): TokenMatch | null {
    const digest = sha256(token);
    let access: Access | null = null;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.digest, digest) && access !== 'write') access = entry.access;
    }
    return access === null ? null : { access, tokenId: digest.toString('hex').slice(0, 8) };
  }
}

/** The token of an `Authorization: Bearer <token>` header, or null when absent or malformed. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1] ?? null;
}
