import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { compilePredicate } from './compile-predicate.js';
import { compileSql } from './compile-sql.js';
import { DslFieldError } from './errors.js';
import { parseFilter } from './parse.js';
import { createResourceFields, resourceFields } from './resource-fields.js';

const dialect = new PgDialect();
const render = (filter: string) =>
  dialect.sqlToQuery(compileSql(parseFilter(filter), resourceFields));

describe('compileSql: parameters', () => {
  it('binds every literal, key and pattern as a parameter', () => {
    const hostile = `x'; DROP TABLE r; --`;
    const query = render(
      `resource_id = "${hostile}" OR resource_metadata.make LIKE "${hostile}%" OR resource_site IN ("${hostile}", 3) OR resource_creation_timestamp > 2`,
    );
    expect(query.sql).not.toContain('DROP');
    expect(query.params).toEqual([hostile, 'make', `${hostile}%`, hostile, '3', '2']);
    expect(query.sql).toBe(
      '((("resource_id")::text = $1) OR (((("resource_metadata" ->> $2::text))::text COLLATE "C") ILIKE $3 ESCAPE \'!\') OR (("resource_site")::text IN ($4, $5)) OR (("resource_creation_timestamp")::double precision > $6::double precision))',
    );
  });

  it('escapes LIKE wildcards with ! so that the server settings do not matter', () => {
    expect(render('resource_id LIKE "50\\%!_\\\\"').params).toEqual(['50!%!!_\\']);
  });

  it('qualifies columns when given a table name', () => {
    const fields = createResourceFields('r');
    const query = dialect.sqlToQuery(compileSql(parseFilter('resource_site = "dc1"'), fields));
    expect(query.sql).toBe('(("r"."resource_site")::text = $1)');
  });

  it('tests array membership where a GIN index can answer it, and exactly under NOT', () => {
    const fields = {
      tags: {
        type: 'text' as const,
        shape: 'multi' as const,
        sql: () => sql`"tags"`,
        get: (r: { tags: string[] }) => r.tags,
      },
    };
    const of = (filter: string) => dialect.sqlToQuery(compileSql(parseFilter(filter), fields)).sql;
    expect(of('tags = "a" AND tags IN ("b", "c")')).toBe(
      '(("tags" @> ARRAY[$1]::text[]) AND ("tags" && ARRAY[$2, $3]::text[]))',
    );
    // NOT must see NULL for an empty array, so the index form is not used beneath it.
    expect(of('NOT tags = "a"')).toContain('EXISTS (SELECT 1 FROM unnest("tags")');
    expect(of('tags != "a"')).toContain('NOT EXISTS');
  });

  it('throws the same field errors as the predicate compiler', () => {
    for (const filter of [
      'nope = 1',
      'resource_site.key = 1',
      'resource_metadata IS NULL',
      'resource_creation_timestamp LIKE "1%"',
    ]) {
      expect(() => compileSql(parseFilter(filter), resourceFields), filter).toThrow(DslFieldError);
      expect(() => compilePredicate(parseFilter(filter), resourceFields), filter).toThrow(
        DslFieldError,
      );
    }
  });
});
