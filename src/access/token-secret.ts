/**
 * API token secrets: 32 random bytes shown once as `cc_<base64url>`. Only the SHA-256 hash is
 * stored. Looking a token up by its hash is safe against timing attacks: an attacker who learns
 * how much of a hash matched learns nothing about a token that hashes to it.
 */
import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_SCHEME = 'cc_';
/** A token given in configuration must be at least this long (a generated one has 46 characters). */
export const MIN_CONFIGURED_TOKEN_LENGTH = 32;

export function newTokenSecret(): string {
  return TOKEN_SCHEME + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The non-secret beginning a user recognises a token by: `cc_` and 8 characters. */
export function tokenPrefix(token: string): string {
  return token.slice(0, TOKEN_SCHEME.length + 8);
}
