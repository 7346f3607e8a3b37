import { randomUUID } from 'node:crypto';
import { upsertDirectoryPerson } from '../catalog/ldap-sync.js';
import { LdapDirectory, ldapAuthenticator, ldapSettingsFromConfig } from '../platform/auth/ldap.js';
import type { Authenticator } from '../platform/auth/service.js';
import { type EventBus, InProcessBus } from '../platform/bus.js';
import type { Config } from '../platform/config.js';
import { type RequestContext, systemContext } from '../platform/context.js';
import { inTransaction } from '../platform/unit-of-work.js';

/** Who history names for changes a directory login makes to a person. */
function loginContext(): RequestContext {
  const system = systemContext(`ldap-login-${randomUUID()}`);
  return { ...system, actor: { ...system.actor!, username: 'ldap' } };
}

/**
 * The LDAP authenticator of a configuration, or null when `ldap.url` is empty. A successful bind
 * creates or updates the person from the directory entry (one transaction, audited) and logs in
 * as them; pass the app's bus so open pages see the change.
 */
export function ldapAuthenticatorFromConfig(
  config: Config,
  bus: EventBus = new InProcessBus(),
): Authenticator | null {
  const settings = ldapSettingsFromConfig(config);
  if (!settings) return null;
  const directory = new LdapDirectory(settings);
  return ldapAuthenticator(directory, (db, user) => {
    const ctx = loginContext();
    return inTransaction(db, bus, ctx, (work) => upsertDirectoryPerson(work, ctx, user));
  });
}
