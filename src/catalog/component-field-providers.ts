/**
 * Component fields the catalog does not own: another module computes them (the requirements
 * module's `level` and `score`), the composition root registers them here, and the component
 * list's filter then accepts them like its own. The catalog imports no module; a module reaches
 * the catalog only through this hook.
 *
 * A provider's values are computed from data it reads, not from the components row, so its
 * specs are loaded per query (`load`): the SQL and the in-memory getter it returns read the same
 * snapshot, which is what keeps the two compilers in agreement. Only the fields a filter names
 * are loaded.
 */
import type { Expr, FieldSet, FieldSpec } from '../dsl/index.js';
import { componentFields, type OwnershipContext } from './component-fields.js';
import type { Component } from './contract.js';

export type ComponentFieldSet = FieldSet<Component, OwnershipContext>;

export interface ComponentFieldProvider {
  /** The fields it adds, lower-case, as a filter names them. */
  readonly names: readonly string[];
  /** Specs for every one of `names`, current as of now (a provider may cache them). */
  load(): Promise<ComponentFieldSet>;
}

/** Stands for a provider's field in the field list while the filter does not name it. */
function unloaded(name: string): FieldSpec<Component, OwnershipContext> {
  const never = (): never => {
    // resolveField resolves only the fields a filter names, and those are loaded: a call here
    // is a bug in fieldsFor, not bad input.
    throw new Error(`component field "${name}" was used without being loaded`);
  };
  return { type: 'text', shape: 'scalar', sql: never, get: never };
}

/** The field names an expression uses. */
export function namedFields(expr: Expr, into = new Set<string>()): Set<string> {
  switch (expr.kind) {
    case 'and':
    case 'or':
      for (const arg of expr.args) namedFields(arg, into);
      return into;
    case 'not':
      return namedFields(expr.arg, into);
    default:
      into.add(expr.field.name);
      return into;
  }
}

export class ComponentFieldRegistry {
  private readonly providers: ComponentFieldProvider[] = [];

  /** Adds a provider's fields; a name the catalog or another provider has already is refused. */
  register(provider: ComponentFieldProvider): void {
    for (const name of provider.names) {
      if (Object.hasOwn(componentFields, name) || this.providerOf(name))
        throw new Error(`component field "${name}" is defined twice`);
    }
    this.providers.push(provider);
  }

  private providerOf(name: string): ComponentFieldProvider | undefined {
    return this.providers.find((p) => p.names.includes(name));
  }

  /** Whether the filter names a field some provider computes. */
  computes(expr: Expr): boolean {
    return [...namedFields(expr)].some((name) => this.providerOf(name) !== undefined);
  }

  /**
   * Every field a component filter may name: the catalog's own, and each provider's, loaded
   * when `expr` names one of its fields (the others stand in by name, for error messages).
   */
  async fieldsFor(expr: Expr): Promise<ComponentFieldSet> {
    const named = namedFields(expr);
    const fields: ComponentFieldSet = { ...componentFields };
    for (const provider of this.providers) {
      if (provider.names.some((name) => named.has(name)))
        Object.assign(fields, await provider.load());
      else for (const name of provider.names) fields[name] = unloaded(name);
    }
    return fields;
  }
}
