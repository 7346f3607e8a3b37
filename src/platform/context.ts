/** Who is acting, as resolved by authentication. */
export interface Actor {
  id: string;
  username: string;
  isAdmin: boolean;
}

/** What every service call carries: the actor (null when anonymous) and the correlation id. */
export interface RequestContext {
  actor: Actor | null;
  requestId: string;
  /**
   * sha256 of the session cookie that authenticated the request (absent for API tokens), so a
   * password change can end a person's other sessions and keep this one.
   */
  session?: string;
}

/** The context of work Argus does on its own (start-up seeding, CLI imports run as admin). */
export function systemContext(requestId = `system-${Date.now().toString(36)}`): RequestContext {
  return {
    actor: { id: '00000000-0000-0000-0000-000000000000', username: 'system', isAdmin: true },
    requestId,
  };
}
