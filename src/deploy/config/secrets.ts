import { Invalid } from '../../platform/errors.js';
import { parseSecretReference } from '../../platform/secrets.js';
import { DeployErrors } from '../spaces/errors.js';
import { isObject } from './merge.js';

/**
 * Secrets in deploy configurations are references only (`env:NAME`, `file:/path`), resolved on
 * the Argus host when a step runs: a literal under a key named like a secret would be stored,
 * shown in the effective view and copied into plans. The name's last word decides (`db_password`,
 * `apiToken`, `access-key`, `secrets`), so `key_file` (a path) or `tokens_per_second`-like
 * settings whose last word is not a secret word stay plain values.
 */
const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'secret',
  'secrets',
  'token',
  'tokens',
  'key',
  'keys',
]);

export function namesSecret(key: string): boolean {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_.-]+/)
    .filter(Boolean);
  const last = words.at(-1)?.toLowerCase();
  return last !== undefined && SECRET_WORDS.has(last);
}

function check(value: unknown, path: string, secret: boolean): void {
  if (isObject(value)) {
    for (const [key, child] of Object.entries(value))
      check(child, path ? `${path}.${key}` : key, secret || namesSecret(key));
    return;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) check(item, `${path}[${i}]`, secret);
    return;
  }
  if (!secret || value === null) return;
  if (typeof value === 'string') {
    try {
      parseSecretReference(value);
      return;
    } catch {
      // fall through: refused below, without repeating the value
    }
  }
  throw Invalid.field(
    DeployErrors.literalSecret,
    path,
    'a secret must be a reference (env:NAME or file:/absolute/path), not a literal value',
  );
}

/** Refuses a literal under a secret-named key; the message never repeats the value. */
export function refuseLiteralSecrets(document: Record<string, unknown>, field = 'config'): void {
  for (const [key, value] of Object.entries(document))
    check(value, `${field}.${key}`, namesSecret(key));
}
