import { defineErrors } from '../platform/errors.js';

/** The inventory's error codes and their HTTP status; each is documented in docs/errors.md. */
export const InventoryErrors = defineErrors({
  invalid: { code: 'ARGUS_INVENTORY_INVALID', status: 400 },
  literalSecret: { code: 'ARGUS_INVENTORY_LITERAL_SECRET', status: 400 },
  duplicate: { code: 'ARGUS_INVENTORY_DUPLICATE', status: 400 },
  notFound: { code: 'ARGUS_INVENTORY_NOT_FOUND', status: 404 },
  forbidden: { code: 'ARGUS_INVENTORY_FORBIDDEN', status: 403 },
});
