/** Backstage's other API types: their definitions are not OpenAPI whatever they contain. */
const OTHER_TYPES = new Set(['asyncapi', 'graphql', 'grpc', 'protobuf', 'trpc', 'wsdl']);

/**
 * How the API page shows a definition: an OpenAPI (or Swagger) document in the API reference
 * viewer, anything else (AsyncAPI, GraphQL SDL, protobuf, ...) as text. A declared `openapi`
 * type decides, as does a known other type; otherwise (no type, or one of a team's own such as
 * `rest`) the document's top-level key does: `openapi:` (YAML) or `"openapi":` (JSON), `swagger` for
 * version 2.
 */
export function definitionFormat(type: string | null, text: string): 'openapi' | 'text' {
  const declared = type?.trim().toLowerCase() ?? '';
  if (declared === 'openapi' || declared === 'swagger') return 'openapi';
  if (OTHER_TYPES.has(declared)) return 'text';
  return /(?:^|[{,]\s*)["']?(?:openapi|swagger)["']?\s*:/m.test(text) ? 'openapi' : 'text';
}
