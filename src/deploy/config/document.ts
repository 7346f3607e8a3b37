import { parseDocument } from 'yaml';
import { Invalid } from '../../platform/errors.js';
import { DeployErrors } from '../spaces/errors.js';
import { type ConfigDocument, isObject } from './merge.js';
import { refuseLiteralSecrets } from './secrets.js';

/**
 * A configuration document as written (YAML; JSON is YAML too): parsed, required to be a mapping
 * (or empty), and checked for literal secrets. The source is kept as written, comments included.
 */
export function parseConfigDocument(source: string, field = 'config'): ConfigDocument {
  const doc = parseDocument(source, { prettyErrors: false, uniqueKeys: true });
  const [error] = doc.errors;
  if (error) {
    const line = error.linePos?.[0].line;
    throw Invalid.field(
      DeployErrors.invalid,
      field,
      `not valid YAML${line ? ` (line ${line})` : ''}: ${error.message.split('\n')[0]}`,
    );
  }
  const value: unknown = doc.toJS({ maxAliasCount: 100 }) ?? {};
  if (!isObject(value))
    throw Invalid.field(DeployErrors.invalid, field, 'the document must be a mapping of settings');
  refuseLiteralSecrets(value, field);
  return value;
}
