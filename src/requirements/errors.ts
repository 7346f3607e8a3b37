import { defineErrors } from '../platform/errors.js';

/** The requirements module's error codes and their HTTP status; each is documented in docs/errors.md. */
export const RequirementErrors = defineErrors({
  invalid: { code: 'ARGUS_REQUIREMENTS_INVALID', status: 400 },
  unknownReference: { code: 'ARGUS_REQUIREMENTS_UNKNOWN_REFERENCE', status: 400 },
  duplicate: { code: 'ARGUS_REQUIREMENTS_DUPLICATE', status: 400 },
  notFound: { code: 'ARGUS_REQUIREMENTS_NOT_FOUND', status: 404 },
  forbidden: { code: 'ARGUS_REQUIREMENTS_FORBIDDEN', status: 403 },
  inUse: { code: 'ARGUS_REQUIREMENTS_IN_USE', status: 409 },
  conflict: { code: 'ARGUS_REQUIREMENTS_CONFLICT', status: 409 },
});
