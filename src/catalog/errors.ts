/** The catalog's error codes; each is documented in docs/errors.md. */
export const CatalogErrors = {
  invalid: 'ARGUS_CATALOG_INVALID',
  unknownReference: 'ARGUS_CATALOG_UNKNOWN_REFERENCE',
  duplicate: 'ARGUS_CATALOG_DUPLICATE',
  cycle: 'ARGUS_CATALOG_CYCLE',
  notFound: 'ARGUS_CATALOG_NOT_FOUND',
  forbidden: 'ARGUS_CATALOG_FORBIDDEN',
  inUse: 'ARGUS_CATALOG_IN_USE',
} as const;
