/** Reads a secret from standard input (first line), so it never appears in argv or shell history. */
export async function readSecret(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const secret = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (secret.length === 0) throw new Error('no password on standard input');
  return secret;
}
