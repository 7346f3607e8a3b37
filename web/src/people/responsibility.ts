import type { PersonResponsibilities } from '../api/types.js';

type Entry = PersonResponsibilities['components'][number];

/** A role as said of the one person who holds it ("Experts" heads a list; a person is an "expert"). */
const ROLE_HOLDER: Record<string, string> = {
  maintainer: 'maintainer',
  qa_lead: 'QA lead',
  product_manager: 'product manager',
  program_manager: 'program manager',
  escalation: 'escalation contact',
  expert: 'expert',
  architect: 'architect',
};

/** Versions named in full up to three, then counted: "1.2, 1.1, 1.0 and 4 older". */
export function versionList(versions: string[]): string {
  if (versions.length <= 3) return versions.join(', ');
  return `${versions.slice(0, 3).join(', ')} and ${versions.length - 3} older`;
}

/**
 * What one person (`username`) answers for on one component, one phrase a responsibility:
 * "owner" when they own it themselves, "owner team member (payments)", "maintainer of 2.0, 1.0".
 */
export function responsibilityPhrases(entry: Entry, username: string): string[] {
  const phrases: string[] = [];
  if (entry.ownerRef?.toLowerCase() === `user:${username.toLowerCase()}`) phrases.push('owner');
  if (entry.ownerTeam) {
    phrases.push(
      entry.ownerTeam === entry.owner
        ? `owner team member (${entry.ownerTeam})`
        : `owner team member (${entry.owner}, through ${entry.ownerTeam})`,
    );
  }
  for (const { role, versions } of entry.roles)
    phrases.push(`${ROLE_HOLDER[role] ?? role} of ${versionList(versions)}`);
  return phrases;
}
