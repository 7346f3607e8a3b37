import { defineErrors } from '../errors.js';

/** Login, sessions and API tokens: the codes and their HTTP status (docs/errors.md). */
export const AuthErrors = defineErrors({
  required: { code: 'ARGUS_AUTH_REQUIRED', status: 401 },
  badCredentials: { code: 'ARGUS_AUTH_BAD_CREDENTIALS', status: 401 },
  badToken: { code: 'ARGUS_AUTH_BAD_TOKEN', status: 401 },
  tokenNotFound: { code: 'ARGUS_AUTH_TOKEN_NOT_FOUND', status: 404 },
  currentPassword: { code: 'ARGUS_AUTH_CURRENT_PASSWORD', status: 400 },
  directoryUnavailable: { code: 'ARGUS_AUTH_DIRECTORY_UNAVAILABLE', status: 503 },
  /** A cross-site write with the session cookie (server/csrf.ts). */
  crossSite: { code: 'ARGUS_AUTH_CROSS_SITE', status: 403 },
  /** Too many password attempts (server/login-throttle.ts). */
  throttled: { code: 'ARGUS_AUTH_THROTTLED', status: 429 },
});
