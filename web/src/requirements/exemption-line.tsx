import { Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { describeError } from '../api/problem.js';
import { type Exemption, type ExemptionStep, useDecideExemption } from '../api/requirements.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { formatDateTime } from '../components/format.js';
import { SetBy } from './set-by.js';
import { StatusBadge } from './status-badge.js';

/** The state to show: an approved exemption past its expiry is shown as expired. */
export function exemptionShownState(e: Pick<Exemption, 'state' | 'active'>): string {
  return e.state === 'approved' && !e.active ? 'expired' : e.state;
}

/**
 * An exemption: its state, until when, why and who asked; and the decisions the caller may take
 * (a reviewer approves or denies a request, revokes an approved one).
 */
export function ExemptionLine({
  exemption: e,
  showRequirement = false,
}: {
  exemption: Exemption;
  showRequirement?: boolean;
}) {
  const decide = useDecideExemption();
  const step = (s: ExemptionStep) =>
    decide.mutate(
      { id: e.id, step: s, notes: '' },
      {
        onError: (error) =>
          notifications.show({ color: 'red', title: 'Not done', message: describeError(error) }),
      },
    );
  return (
    <Stack gap={2} data-testid="exemption" data-state={exemptionShownState(e)}>
      <Group gap={6} wrap="wrap">
        <StatusBadge kind="exemption" status={exemptionShownState(e)} />
        {showRequirement && (
          <Text size="sm" fw={600}>
            {e.requirement.title}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          expires {formatDateTime(e.expiresAt)}
        </Text>
        <SetBy by={e.requestedBy} at={e.requestedAt} />
        {e.may.decide && e.state === 'requested' && (
          <>
            <Button
              size="compact-xs"
              color="teal"
              variant="light"
              loading={decide.isPending}
              onClick={() => step('approve')}
              aria-label={`Approve exemption: ${e.requirement.title}`}
            >
              Approve exemption
            </Button>
            <Button
              size="compact-xs"
              color="red"
              variant="light"
              loading={decide.isPending}
              onClick={() => step('deny')}
              aria-label={`Deny exemption: ${e.requirement.title}`}
            >
              Deny
            </Button>
          </>
        )}
        {e.may.revoke && e.state === 'approved' && (
          <ConfirmButton
            label="Revoke"
            confirm={`Revoke the exemption from "${e.requirement.title}"? The requirement counts again at once.`}
            loading={decide.isPending}
            onConfirm={() => step('revoke')}
          />
        )}
      </Group>
      <Text size="xs" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {e.reason}
      </Text>
      {e.decidedBy && (
        <Text size="xs" c="dimmed">
          {e.state === 'revoked' ? 'revoked' : e.state === 'denied' ? 'denied' : 'approved'}{' '}
          <SetBy by={e.decidedBy} at={e.decidedAt} />
          {e.decisionNotes ? `: ${e.decisionNotes}` : ''}
        </Text>
      )}
    </Stack>
  );
}
