import { newRequestId, noteAnswered } from './own-requests.js';
import { ApiError, errorFrom } from './problem.js';

type QueryValue = string | number | boolean | undefined | null;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  /** A JSON body. */
  json?: unknown;
  /** A raw body (file uploads) with its content type. */
  body?: BodyInit;
  contentType?: string;
  signal?: AbortSignal;
  /** Do not send the user to /login on 401 (the login form itself). */
  allowAnonymous?: boolean;
}

let onUnauthorized: () => void = () => {};

/** Registers what happens when any call answers 401: the app sends the user to /login. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export function notifyUnauthorized(): void {
  onUnauthorized();
}

export function apiUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return `/api${path}${qs ? `?${qs}` : ''}`;
}

/** Calls the Argus API with the session cookie; problem+json answers become an ApiError. */
export async function api<T>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // A write carries an id of this tab, which its change events repeat (see own-requests.ts).
  const requestId = method === 'GET' ? undefined : newRequestId();
  if (requestId) headers['x-request-id'] = requestId;
  let body: BodyInit | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.body !== undefined) {
    body = options.body;
    if (options.contentType) headers['content-type'] = options.contentType;
  }
  const response = await fetch(apiUrl(path, options.query), {
    method,
    headers,
    body,
    credentials: 'same-origin',
    signal: options.signal,
  });
  try {
    if (!response.ok) {
      const error = await errorFrom(response);
      if (error.status === 401 && !options.allowAnonymous) onUnauthorized();
      throw error;
    }
    if (response.status === 204) return undefined as T;
    const type = response.headers.get('content-type') ?? '';
    if (type.includes('json')) return (await response.json()) as T;
    return (await response.text()) as T;
  } finally {
    if (requestId) noteAnswered(requestId);
  }
}

export const get = <T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal) =>
  api<T>('GET', path, { query, signal });
export const post = <T>(path: string, json?: unknown) => api<T>('POST', path, { json: json ?? {} });
export const patch = <T>(path: string, json: unknown) => api<T>('PATCH', path, { json });
export const del = (path: string) => api<void>('DELETE', path);

export { ApiError };
