import { defineErrors } from '../../platform/errors.js';

/** The plugins API's error codes and their HTTP status; each is documented in docs/errors.md. */
export const TelemetryRunErrors = defineErrors({
  pluginNotFound: { code: 'ARGUS_TELEMETRY_PLUGIN_NOT_FOUND', status: 404 },
});
