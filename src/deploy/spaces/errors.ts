import { defineErrors } from '../../platform/errors.js';

/** Error codes of spaces, environments and deploy configurations; each is listed in docs/errors.md. */
export const DeployErrors = defineErrors({
  invalid: { code: 'ARGUS_DEPLOY_INVALID', status: 400 },
  configClash: { code: 'ARGUS_DEPLOY_CONFIG_CLASH', status: 400 },
  literalSecret: { code: 'ARGUS_DEPLOY_LITERAL_SECRET', status: 400 },
  unknownReference: { code: 'ARGUS_DEPLOY_UNKNOWN_REFERENCE', status: 400 },
  missingVariable: { code: 'ARGUS_DEPLOY_MISSING_VARIABLE', status: 400 },
  noTarget: { code: 'ARGUS_DEPLOY_NO_TARGET', status: 400 },
  guardRefused: { code: 'ARGUS_DEPLOY_GUARD_REFUSED', status: 400 },
  forbidden: { code: 'ARGUS_DEPLOY_FORBIDDEN', status: 403 },
  notFound: { code: 'ARGUS_DEPLOY_NOT_FOUND', status: 404 },
  duplicate: { code: 'ARGUS_DEPLOY_DUPLICATE', status: 409 },
});
