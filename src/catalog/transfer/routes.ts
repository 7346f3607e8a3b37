import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { EventBus } from '../../platform/bus.js';
import type { Db } from '../../platform/db.js';
import { Invalid } from '../../platform/errors.js';
import { progressToBus, TASK_ID } from '../../platform/progress.js';
import { requireActor, requireAdmin } from '../rights.js';
import { TransferErrors } from './errors.js';
import { EXPORT_TYPES, exportFile, exportFileName, importFile } from './formats.js';
import type { SheetLimits } from './limits.js';
import { EXPORT_FORMATS, IMPORT_FORMATS, ImportReport } from './report.js';
import { XLSX_CONTENT_TYPE } from './spreadsheet.js';

/**
 * Content types an import takes; the body reaches the importer as bytes, whatever the type.
 * Not `text/plain`: a page of another site can post that without a CORS preflight.
 */
export const IMPORT_CONTENT_TYPES = [
  'application/json',
  'application/yaml',
  'application/x-yaml',
  'text/yaml',
  'text/csv',
  XLSX_CONTENT_TYPE,
  'application/octet-stream',
];

/**
 * Import and export over HTTP. `POST /import/:format` takes the file itself as the request body
 * (admins only) and answers the report; `GET /export/:format` answers the file (any logged-in
 * user). Problems of a file answer 400 with one entry per row/column or field.
 */
export const transferRoutes: FastifyPluginAsyncZod<{
  db: Db;
  bus: EventBus;
  /** From the settings ARGUS_IMPORT_*; the defaults when not given. */
  limits?: SheetLimits;
}> = async (app, { db, bus, limits }) => {
  // Encapsulated: only these routes read raw bodies.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(IMPORT_CONTENT_TYPES, { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );

  app.post(
    '/import/:format',
    {
      schema: {
        tags: ['transfer'],
        summary:
          'Import a file (Panopticum fixtures, Backstage YAML, XLSX or CSV, Argus JSON); admins only',
        description:
          'Send the file as the request body with its content type. Nothing is written unless the whole file is valid ' +
          '(or skipInvalid=true for spreadsheets, which skips bad rows). Importing the same file again updates instead of duplicating.',
        params: z.object({ format: z.enum(IMPORT_FORMATS) }),
        querystring: z.object({
          skipInvalid: z
            .stringbool()
            .default(false)
            .describe('spreadsheets: skip bad rows instead of refusing the file'),
          filename: z.string().max(300).optional().describe('named in the report and in history'),
          progress: z
            .string()
            .regex(TASK_ID, '8 to 64 letters, digits, _ or -')
            .optional()
            .describe(
              'a task id of your choosing: the import publishes `progress` events with it on /api/events, to you only',
            ),
        }),
        consumes: IMPORT_CONTENT_TYPES,
        response: { 201: ImportReport },
      },
      // Refused before the upload is read.
      onRequest: async (request) => {
        requireAdmin(request.ctx, 'import data');
      },
    },
    async (request, reply) => {
      const body = request.body as unknown;
      if (!Buffer.isBuffer(body) || body.length === 0) {
        throw Invalid.field(
          TransferErrors.invalid,
          'body',
          'send the file as the request body (for example curl --data-binary @catalog.xlsx)',
        );
      }
      const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      let format = request.params.format;
      if (format === 'spreadsheet' && type === 'text/csv') format = 'csv';
      if (format === 'spreadsheet' && type === XLSX_CONTENT_TYPE) format = 'xlsx';
      const report = await importFile(format, db, bus, request.ctx, body, {
        skipInvalid: request.query.skipInvalid,
        source: request.query.filename ?? 'upload',
        limits,
        onProgress: request.query.progress
          ? progressToBus(bus, request.ctx, request.query.progress)
          : undefined,
      });
      return reply.status(201).send(report);
    },
  );

  app.get(
    '/export/:format',
    {
      schema: {
        tags: ['transfer'],
        summary: 'Export the whole catalog (Backstage YAML, XLSX, CSV or Argus JSON)',
        params: z.object({ format: z.enum(EXPORT_FORMATS) }),
        produces: [
          ...new Set(Object.values(EXPORT_TYPES).map((t) => t.contentType.split(';')[0]!)),
        ],
      },
    },
    async (request, reply) => {
      requireActor(request.ctx);
      const file = await exportFile(request.params.format, db);
      return reply
        .header('content-type', file.contentType)
        .header(
          'content-disposition',
          `attachment; filename="${exportFileName(request.params.format)}"`,
        )
        .send(file.body);
    },
  );
};
