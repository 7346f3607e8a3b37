import { createHash, randomBytes } from 'node:crypto';

/** Session cookies and API tokens are random secrets; only their sha256 is stored. */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
