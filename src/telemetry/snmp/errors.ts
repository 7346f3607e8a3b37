import { PluginFailure, RunStatus, type RunStatusCode } from '../plugin.js';
import { loadedSnmp } from './library.js';

/**
 * SNMP failures as Panoptes' status codes (PRODUCT 6). An agent that ignores us (wrong v1/v2c
 * community: snmpd drops the request silently) can only be told by a timeout, so that is 3;
 * a v3 agent says why it refused in a Report PDU (usmStatsWrongDigests, UnknownUserNames,
 * DecryptionErrors...), which net-snmp turns into EAuthFailure: 1.
 */

/** Socket errors that mean the address cannot be reached at all. */
const NETWORK_CODES = new Set([
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ECONNREFUSED',
  'EADDRNOTAVAIL',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPERM',
  'EACCES',
  'ENETDOWN',
]);

export function statusOf(error: unknown): RunStatusCode {
  if (error instanceof PluginFailure) return error.status;
  const snmp = loadedSnmp();
  if (snmp === undefined) return otherStatus(error);
  if (error instanceof snmp.RequestTimedOutError) return RunStatus.timeout;
  if (error instanceof snmp.ResponseInvalidError) {
    const { EAuthFailure, ECouldNotDecrypt, ECommunityNoMatch } = snmp.ResponseInvalidCode;
    if ([EAuthFailure, ECouldNotDecrypt, ECommunityNoMatch].includes(error.code))
      return RunStatus.authFailure;
    return RunStatus.networkFailure;
  }
  // An agent's error-status: authorizationError / noAccess is a refusal of who we are.
  if (error instanceof snmp.RequestFailedError)
    return /authoriz|noAccess/i.test(error.message)
      ? RunStatus.authFailure
      : RunStatus.networkFailure;
  return otherStatus(error);
}

/** A failure not of net-snmp's making: a socket's error code, or an internal failure. */
function otherStatus(error: unknown): RunStatusCode {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && NETWORK_CODES.has(code)) return RunStatus.networkFailure;
  return RunStatus.internalFailure;
}

/** The error as a PluginFailure naming the host (messages carry no secrets: net-snmp's do not). */
export function snmpFailure(error: unknown, host: string, aborted = false): PluginFailure {
  if (error instanceof PluginFailure) return error;
  // A run stopped by its deadline closes the session, which cancels requests as "closed".
  if (aborted) return new PluginFailure(RunStatus.timeout, `snmp ${host}: run aborted (deadline)`);
  const message = error instanceof Error ? error.message : String(error);
  return new PluginFailure(statusOf(error), `snmp ${host}: ${message}`);
}
