import { apiUrl, notifyUnauthorized } from './client.js';
import { type ApiError, errorFrom } from './problem.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ImportFormat {
  value: string;
  label: string;
  accept: string;
  contentType(file: File): string;
}

/** POST /api/import/:format takes the file itself as the body, typed by Content-Type. */
export const IMPORT_FORMATS: ImportFormat[] = [
  {
    value: 'panopticum',
    label: 'Panopticum fixtures (JSON)',
    accept: '.json',
    contentType: () => 'application/json',
  },
  {
    value: 'backstage',
    label: 'Backstage descriptors (YAML)',
    accept: '.yaml,.yml',
    contentType: () => 'application/yaml',
  },
  {
    value: 'spreadsheet',
    label: 'Spreadsheet (XLSX or CSV)',
    accept: '.xlsx,.csv',
    contentType: (file) => (file.name.toLowerCase().endsWith('.csv') ? 'text/csv' : XLSX),
  },
  {
    value: 'argus',
    label: 'Argus JSON (backup)',
    accept: '.json',
    contentType: () => 'application/json',
  },
];

/** GET /api/export/:format downloads the catalog. */
export const EXPORT_FORMATS = [
  { value: 'backstage', label: 'Backstage YAML' },
  { value: 'xlsx', label: 'Spreadsheet (XLSX)' },
  { value: 'csv', label: 'Spreadsheet (CSV)' },
  { value: 'argus', label: 'Argus JSON (full backup)' },
] as const;

export function exportUrl(format: string): string {
  return apiUrl(`/export/${format}`);
}

export type UploadPhase = 'uploading' | 'processing';

export interface UploadProgress {
  phase: UploadPhase;
  /** Bytes sent so far and in all. */
  loaded: number;
  total: number;
}

/**
 * Uploads a file to the importer. XMLHttpRequest (not fetch) so the page can show upload
 * progress, then a processing state while the server maps the records.
 */
export function uploadImport(
  format: ImportFormat,
  file: File,
  options: {
    skipInvalid?: boolean;
    /** Publishes the server's progress on /api/events under this id (see subscribeProgress). */
    task?: string;
    onProgress(progress: UploadProgress): void;
    signal?: AbortSignal;
  },
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(
      'POST',
      apiUrl(`/import/${format.value}`, {
        skipInvalid: options.skipInvalid ? 'true' : undefined,
        progress: options.task,
      }),
    );
    xhr.setRequestHeader('content-type', format.contentType(file));
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) =>
      options.onProgress({ phase: 'uploading', loaded: e.loaded, total: e.total || file.size });
    xhr.upload.onload = () =>
      options.onProgress({ phase: 'processing', loaded: file.size, total: file.size });
    xhr.onerror = () => reject(new Error('the upload failed: network error'));
    xhr.onabort = () => reject(new Error('the upload was cancelled'));
    xhr.onload = async () => {
      const response = new Response(xhr.status === 204 ? null : xhr.responseText, {
        status: xhr.status,
        headers: { 'content-type': xhr.getResponseHeader('content-type') ?? '' },
      });
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(xhr.responseText ? JSON.parse(xhr.responseText) : {});
        } catch {
          resolve({ message: xhr.responseText });
        }
        return;
      }
      const error: ApiError = await errorFrom(response);
      if (error.status === 401) notifyUnauthorized();
      reject(error);
    };
    options.signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}
