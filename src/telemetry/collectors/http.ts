import { readFile } from 'node:fs/promises';
import { type ClientRequest, request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { z } from 'zod';
import { PluginFailure, type PollingModule, RunStatus } from '../plugin.js';
import { metricGroup, resourceOf, sectionsOf } from './groups.js';

/**
 * `http`: one request to a URL of the resource; status code, latency, and for https the days
 * left on the server's certificate and whether it verified. Redirects are not followed: a 3xx is
 * the answer measured.
 *
 * Status rule: a response 200-399 (or one listed in `expected_status`) is success; any other
 * response, or a certificate that does not verify while `tls_verify` is on, is 4 (partial): the
 * figures are still published, so a 503 or an expired certificate is charted and alertable.
 * Connection refused, reset or a name that does not resolve is 2; no answer within `timeout` is 3.
 */

const sections = z.object({
  http: z
    .strictObject({
      /** `{endpoint}` is replaced by the resource's endpoint. */
      url: z.string().min(1).default('http://{endpoint}/'),
      method: z.enum(['GET', 'HEAD']).default('GET'),
      timeout: z.coerce.number().positive().max(300).default(10),
      expected_status: z
        .union([
          z.array(z.coerce.number().int().min(100).max(599)),
          z.string().transform((s) => s.split(',').map((v) => Number(v.trim()))),
        ])
        .optional(),
      tls_verify: z
        .union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')])
        .default(true),
      /** A PEM file of CAs to verify the server against, instead of the system's. */
      ca_file: z.string().min(1).optional(),
    })
    .prefault({}),
});

/** The body is read (so the latency covers it) but not kept beyond this. */
const MAX_BODY_BYTES = 1024 * 1024;
const DAY_MS = 86_400_000;

export interface Probe {
  statusCode: number;
  /** Milliseconds to the response headers. */
  latencyMs: number;
  /** Milliseconds to the end of the body (or MAX_BODY_BYTES of it). */
  durationMs: number;
  tls?: { daysLeft: number; verified: boolean; error?: string };
}

class ProbeError extends Error {
  constructor(
    readonly status: (typeof RunStatus)[keyof typeof RunStatus],
    message: string,
  ) {
    super(message);
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPROTO',
]);

function probe(
  url: URL,
  options: { method: string; timeoutMs: number; ca?: Buffer; signal: AbortSignal },
): Promise<Probe> {
  const started = performance.now();
  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]);
  return new Promise((resolve, reject) => {
    let tls: Probe['tls'];
    const onResponse = (response: IncomingMessage) => {
      const latencyMs = performance.now() - started;
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) response.destroy();
      });
      const done = () =>
        resolve({
          statusCode: response.statusCode ?? 0,
          latencyMs,
          durationMs: performance.now() - started,
          ...(tls ? { tls } : {}),
        });
      response.on('end', done);
      // A body cut at the cap (or by the server) still gave a status and a latency.
      response.on('close', done);
      response.on('error', () => undefined);
    };
    const common = { method: options.method, signal, agent: false as const };
    let req: ClientRequest;
    if (url.protocol === 'https:') {
      // Verification is judged here, not by refusing the connection: an expired or untrusted
      // certificate still has its days left measured and published.
      req = httpsRequest(
        url,
        { ...common, rejectUnauthorized: false, ...(options.ca ? { ca: options.ca } : {}) },
        onResponse,
      );
      req.on('socket', (socket) => {
        socket.once('secureConnect', () => {
          const s = socket as TLSSocket;
          const cert = s.getPeerCertificate();
          const expires = cert?.valid_to ? Date.parse(cert.valid_to) : Number.NaN;
          tls = {
            daysLeft: (expires - Date.now()) / DAY_MS,
            verified: s.authorized,
            ...(s.authorizationError ? { error: String(s.authorizationError) } : {}),
          };
        });
      });
    } else {
      req = httpRequest(url, common, onResponse);
    }
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (signal.aborted) {
        reject(
          new ProbeError(
            RunStatus.timeout,
            `${url.href}: no answer within ${options.timeoutMs} ms`,
          ),
        );
      } else if (error.code && NETWORK_CODES.has(error.code)) {
        reject(
          new ProbeError(RunStatus.networkFailure, `${url.href}: ${error.code} ${error.message}`),
        );
      } else {
        reject(new ProbeError(RunStatus.networkFailure, `${url.href}: ${error.message}`));
      }
    });
    req.end();
  });
}

export const httpPolling: PollingModule = {
  kind: 'polling',
  name: 'http',
  sections,
  async run(ctx) {
    const resource = resourceOf(ctx);
    const settings = sectionsOf(ctx, sections).http;
    let url: URL;
    try {
      url = new URL(settings.url.replaceAll('{endpoint}', resource.resource_endpoint));
    } catch {
      throw new PluginFailure(
        RunStatus.internalFailure,
        `http.url: "${settings.url}" is not a URL for ${resource.resource_endpoint}`,
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new PluginFailure(
        RunStatus.internalFailure,
        `http.url: ${url.protocol} is not http: or https:`,
      );
    }
    let ca: Buffer | undefined;
    if (settings.ca_file) {
      ca = await readFile(settings.ca_file).catch((error: NodeJS.ErrnoException) => {
        throw new PluginFailure(
          RunStatus.internalFailure,
          `cannot read http.ca_file ${settings.ca_file}: ${error.code}`,
        );
      });
    }
    let result: Probe;
    try {
      result = await probe(url, {
        method: settings.method,
        timeoutMs: settings.timeout * 1000,
        signal: ctx.signal,
        ...(ca ? { ca } : {}),
      });
    } catch (error) {
      if (error instanceof ProbeError) throw new PluginFailure(error.status, error.message);
      throw error;
    }
    // The URL's credentials, if any, stay out of the dimension.
    const shown = new URL(url.href);
    shown.username = '';
    shown.password = '';
    const group = metricGroup(ctx, 'http', { url: shown.href }, [
      ['status_code', result.statusCode],
      ['latency_ms', result.latencyMs],
      ['duration_ms', result.durationMs],
      ['cert_days_left', result.tls?.daysLeft],
      ['cert_verified', result.tls ? Number(result.tls.verified) : undefined],
    ]);
    const problems: string[] = [];
    const expected = settings.expected_status;
    const ok = expected
      ? expected.includes(result.statusCode)
      : result.statusCode >= 200 && result.statusCode < 400;
    if (!ok) problems.push(`answered ${result.statusCode}`);
    if (settings.tls_verify && result.tls && !result.tls.verified) {
      problems.push(`certificate not trusted: ${result.tls.error ?? 'unverified'}`);
    }
    const groups = group ? [group] : [];
    return problems.length > 0
      ? { groups, partial: `${shown.href} ${problems.join('; ')}` }
      : { groups };
  },
};
