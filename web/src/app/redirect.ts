/** Only same-site paths are followed after login (never another origin, never /login again). */
export function safeRedirect(target: unknown): string {
  return typeof target === 'string' &&
    target.startsWith('/') &&
    !target.startsWith('//') &&
    !target.startsWith('/login')
    ? target
    : '/';
}
