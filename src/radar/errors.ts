import { defineErrors } from '../platform/errors.js';

/** The tech radar's error codes and their HTTP status; each is documented in docs/errors.md. */
export const RadarErrors = defineErrors({
  invalid: { code: 'ARGUS_RADAR_INVALID', status: 400 },
  duplicate: { code: 'ARGUS_RADAR_DUPLICATE', status: 400 },
  unknownReference: { code: 'ARGUS_RADAR_UNKNOWN_REFERENCE', status: 400 },
  notFound: { code: 'ARGUS_RADAR_NOT_FOUND', status: 404 },
  forbidden: { code: 'ARGUS_RADAR_FORBIDDEN', status: 403 },
  inUse: { code: 'ARGUS_RADAR_IN_USE', status: 409 },
});
