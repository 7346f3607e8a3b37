// The filter language (PRODUCT.md section 4): one parser, a compiler to parameterised SQL and
// a compiler to an in-memory predicate, both driven by a field catalogue per entity.
export type { CompareOp, Comparison, Expr, FieldRef, Literal, SourcePosition } from './ast.js';
export { compilePredicate, type Predicate } from './compile-predicate.js';
export { compileSql } from './compile-sql.js';
export { DslError, DslFieldError, DslSyntaxError } from './errors.js';
export {
  describeFields,
  type FieldSet,
  type FieldSpec,
  type ResolvedField,
  resolveField,
} from './fields.js';
export { formatFilter } from './format.js';
export { MAX_FILTER_DEPTH, MAX_FILTER_LENGTH, parseFilter } from './parse.js';
export { createResourceFields, type PanoptesResource, resourceFields } from './resource-fields.js';
