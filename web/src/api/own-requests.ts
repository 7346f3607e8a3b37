/**
 * Request ids of this tab's own writes. The server records the id with the change and repeats it
 * in the change event (/api/events), so the tab can tell its own changes from other people's:
 * after its own save it has refreshed what it shows already and must not fetch it all again.
 */
const TAB = `web-${Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) =>
  b.toString(16).padStart(2, '0'),
).join('')}`;
let sequence = 0;

/** When each own request was answered (Date.now()), the latest few only. */
const answered = new Map<string, number>();
const KEEP_ANSWERED = 200;
const waiting = new Map<string, ((at: number) => void)[]>();

/** An id for a request this tab is about to send (`x-request-id`; the server accepts [\w.-]). */
export function newRequestId(): string {
  sequence += 1;
  return `${TAB}-${sequence}`;
}

export function isOwnRequest(requestId: string): boolean {
  return requestId.startsWith(`${TAB}-`);
}

/** The answer to an own request has been read; whoever waits for it may go on. */
export function noteAnswered(requestId: string): void {
  const at = Date.now();
  answered.set(requestId, at);
  if (answered.size > KEEP_ANSWERED) answered.delete(answered.keys().next().value!);
  for (const resume of waiting.get(requestId) ?? []) resume(at);
  waiting.delete(requestId);
}

/**
 * When the tab got the answer to its request. A change event can overtake the HTTP answer; it
 * then waits for it, or for `timeoutMs` if the answer never comes (the connection dropped).
 */
export function whenAnswered(requestId: string, timeoutMs = 10_000): Promise<number> {
  const at = answered.get(requestId);
  if (at !== undefined) return Promise.resolve(at);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      waiting.delete(requestId);
      resolve(Date.now());
    }, timeoutMs);
    waiting.set(requestId, [
      ...(waiting.get(requestId) ?? []),
      (when) => {
        clearTimeout(timer);
        resolve(when);
      },
    ]);
  });
}
