import { describe, expect, it } from 'vitest';
import { ApiError, describeError, errorFrom } from './problem.js';

describe('problem+json answers', () => {
  it('keep the code, the field problems and a DSL position', async () => {
    const body = {
      status: 400,
      code: 'ARGUS_DSL_SYNTAX',
      detail: 'filter: line 1, column 12: expected value',
      problems: [{ field: 'filter', reason: 'line 1, column 12: expected value' }],
      line: 1,
      column: 12,
    };
    const error = await errorFrom(new Response(JSON.stringify(body), { status: 400 }));
    expect(error).toBeInstanceOf(ApiError);
    expect([error.code, error.line, error.column]).toEqual(['ARGUS_DSL_SYNTAX', 1, 12]);
    expect(error.reasonsFor('filter')).toEqual(['line 1, column 12: expected value']);
  });

  it('reads the position from the message when only the message has it', () => {
    const error = new ApiError({
      status: 400,
      code: 'ARGUS_DSL_FIELD',
      detail: 'filter: line 2, column 5: no field "nme"',
    });
    expect([error.line, error.column]).toEqual([2, 5]);
  });

  it('collects the reasons of sub-fields', () => {
    const error = new ApiError({
      status: 400,
      code: 'ARGUS_REQUEST_INVALID',
      detail: 'tags.1: bad',
      problems: [
        { field: 'tags.1', reason: 'bad tag' },
        { field: 'locationClasses[0]', reason: 'not in the list' },
        { field: 'tagsExtra', reason: 'other' },
      ],
    });
    expect(error.reasonsFor('tags')).toEqual(['bad tag']);
    expect(error.reasonsFor('locationClasses')).toEqual(['not in the list']);
  });

  it('says clearly when something is not allowed', () => {
    expect(
      describeError(
        new ApiError({
          status: 403,
          code: 'ARGUS_CATALOG_FORBIDDEN',
          detail: 'only admins may add people',
        }),
      ),
    ).toBe('Not allowed: only admins may add people');
  });

  it('builds an error from a response that is not JSON', async () => {
    const error = await errorFrom(new Response('Bad gateway', { status: 502 }));
    expect([error.status, error.code, error.detail]).toEqual([502, 'HTTP_502', 'Bad gateway']);
  });
});
