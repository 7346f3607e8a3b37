import { defineErrors } from '../platform/errors.js';

/** The catalog's error codes and their HTTP status; each is documented in docs/errors.md. */
export const CatalogErrors = defineErrors({
  invalid: { code: 'ARGUS_CATALOG_INVALID', status: 400 },
  unknownReference: { code: 'ARGUS_CATALOG_UNKNOWN_REFERENCE', status: 400 },
  duplicate: { code: 'ARGUS_CATALOG_DUPLICATE', status: 400 },
  cycle: { code: 'ARGUS_CATALOG_CYCLE', status: 400 },
  notFound: { code: 'ARGUS_CATALOG_NOT_FOUND', status: 404 },
  forbidden: { code: 'ARGUS_CATALOG_FORBIDDEN', status: 403 },
  inUse: { code: 'ARGUS_CATALOG_IN_USE', status: 409 },
});
