import type { InventoryService } from '../../inventory/service.js';
import { Invalid } from '../../platform/errors.js';
import type { CommandGuard } from '../guard/service.js';
import type { ActionPlan } from '../plan.js';
import { DeployErrors } from '../spaces/errors.js';
import { resolveTargets } from '../targets/resolve.js';
import { batchesOf, executionSettings, sshOf } from '../targets/settings.js';
import { renderCommand, variablesOf } from './templates.js';

export interface PlanRequest {
  space: string;
  action: string;
  version?: string;
  hosts?: string[];
}

/**
 * The plan of an action from the effective configuration (PRODUCT 8): its steps with variables
 * substituted, the hosts resolved now, their batches and the execution settings. Every command
 * is judged by the command guard before anything is queued: a refusal is a 400 naming the step.
 */
export async function buildPlan(
  config: Record<string, unknown>,
  request: PlanRequest,
  deps: { inventory: Pick<InventoryService, 'selectResources'>; guard: CommandGuard },
): Promise<ActionPlan> {
  const settings = executionSettings(config);
  const steps = settings.actions[request.action];
  if (!steps)
    throw Invalid.field(
      DeployErrors.unknownReference,
      'action',
      `no action "${request.action}" in the configuration (has: ${Object.keys(settings.actions).join(', ') || 'none'})`,
    );
  const variables = variablesOf(config, request.version ? { version: request.version } : {});
  const planned = steps.map((step, i) => ({
    name: step.name,
    command: renderCommand(step.command, variables, `actions.${request.action}[${i}].command`),
    timeoutSeconds: step.timeout ?? settings.step_timeout,
  }));
  for (const [i, step] of planned.entries()) {
    const verdict = await deps.guard.check(step.command, request.space);
    if (!verdict.allowed)
      throw new Invalid(
        DeployErrors.guardRefused,
        `the command guard refuses step "${step.name}"`,
        verdict.refusals.map((r) => ({
          field: `actions.${request.action}[${i}].command`,
          reason: `${r.rule}: ${r.reason} (${r.part})`,
        })),
      );
  }
  const hosts = await resolveTargets(deps.inventory, settings, request.hosts);
  return {
    hosts,
    batches: batchesOf(
      hosts.map((h) => h.host),
      settings.serial,
    ),
    steps: planned,
    ssh: sshOf(settings),
    parallelism: settings.parallelism,
    abortPercent: settings.abort_percent,
    retries: settings.retries,
    onFailure: settings.on_failure,
    variables,
  };
}
