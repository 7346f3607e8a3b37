import { Invalid } from '../../platform/errors.js';
import { isObject } from '../config/merge.js';
import { namesSecret } from '../config/secrets.js';
import { DeployErrors } from '../spaces/errors.js';

/**
 * The variables a step's command may use: every scalar leaf of the effective configuration by
 * its dotted path (`dirs.app`, `artifact_url`), except the `actions` section, plus the request's
 * `version`. A leaf under a secret-named key becomes `${secret:<reference>}`, which the executor
 * resolves just before sending, so no secret value is ever in a plan.
 */
export function variablesOf(
  config: Record<string, unknown>,
  extra: Record<string, string>,
): Record<string, string> {
  const variables: Record<string, string> = {};
  const walk = (value: unknown, path: string, secret: boolean) => {
    if (isObject(value)) {
      for (const [key, child] of Object.entries(value))
        walk(child, path ? `${path}.${key}` : key, secret || namesSecret(key));
    } else if (value !== null && !Array.isArray(value)) {
      variables[path] = secret ? `\${secret:${String(value)}}` : String(value);
    }
  };
  for (const [key, value] of Object.entries(config))
    if (key !== 'actions') walk(value, key, namesSecret(key));
  return { ...variables, ...extra };
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;

/** Substitutes `{{name}}`; a variable the configuration lacks is a 400 naming it and the field. */
export function renderCommand(
  template: string,
  variables: Record<string, string>,
  field: string,
): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = variables[name];
    if (value === undefined)
      throw Invalid.field(
        DeployErrors.missingVariable,
        field,
        `the command uses {{${name}}}, which the effective configuration does not set`,
      );
    return value;
  });
}
