/** One field-level problem of a 400 answer: `field` is a dotted path (`owner`, `rows[4].Owner`). */
export interface FieldProblem {
  field: string;
  reason: string;
}

/** An RFC 9457 problem document as the server sends it (src/server/errors.ts). */
export interface ProblemBody {
  type?: string;
  title?: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  problems?: FieldProblem[];
  line?: number;
  column?: number;
}

const POSITION = /line (\d+), column (\d+)/;

/** A failed API call, carrying the server's problem+json so forms can point at fields. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly problems: FieldProblem[];
  /** Where a filter-language error is (1-based), when the server says. */
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(body: ProblemBody) {
    super(body.detail || body.title || `HTTP ${body.status}`);
    this.name = 'ApiError';
    this.status = body.status;
    this.code = body.code;
    this.detail = body.detail;
    this.problems = body.problems ?? [];
    // DSL field errors carry the position only in their message; read it from there.
    const found = body.line === undefined ? POSITION.exec(body.detail ?? '') : null;
    this.line = body.line ?? (found ? Number(found[1]) : undefined);
    this.column = body.column ?? (found ? Number(found[2]) : undefined);
  }

  /** The reasons given for one field, including its sub-fields (`tags` also collects `tags.3`). */
  reasonsFor(field: string): string[] {
    return this.problems
      .filter(
        (p) =>
          p.field === field || p.field.startsWith(`${field}.`) || p.field.startsWith(`${field}[`),
      )
      .map((p) => p.reason);
  }

  get isForbidden(): boolean {
    return this.status === 403;
  }
}

/** Builds an ApiError from any response that is not ok, problem+json or not. */
export async function errorFrom(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as Partial<ProblemBody>;
    if (body && typeof body === 'object' && typeof body.code === 'string') {
      return new ApiError({ ...body, status: body.status ?? response.status } as ProblemBody);
    }
  } catch {
    // not JSON: fall through
  }
  return new ApiError({
    status: response.status,
    code: `HTTP_${response.status}`,
    detail: text.slice(0, 300) || response.statusText || `HTTP ${response.status}`,
  });
}

/** A readable sentence for any error, with a clear wording for missing rights. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 403) return `Not allowed: ${error.detail}`;
    return error.detail;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
