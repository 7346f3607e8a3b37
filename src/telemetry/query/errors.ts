import { defineErrors } from '../../platform/errors.js';

/** The metric query API's error codes; each is documented in docs/errors.md. */
export const MetricErrors = defineErrors({
  invalid: { code: 'ARGUS_METRICS_INVALID', status: 400 },
});
