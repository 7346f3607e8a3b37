// Shells and interpreters that read their script from a pipe (`... | sh`): what they run is the
// output of the command before them. When that is a plain `echo`/`printf` of known words the
// script is known and is walked like any other; otherwise it only exists while running.
import type { SimpleCommand } from './commands.js';
import { commandName } from './wrappers.js';

export const INTERPRETERS = /^(sh|bash|zsh|dash|ksh|ash|mksh|python[0-9.]*|perl|ruby|node|php)$/;
const SHELLS = /^(sh|bash|zsh|dash|ksh|ash|mksh)$/;

/** Whether the guard can read what `command` runs: a shell (not Python or Perl) reads shell. */
export function readsShell(command: SimpleCommand): boolean {
  return SHELLS.test(commandName(command.words[0]) ?? '');
}

/** Whether `command` is an interpreter reading its script from standard input in a pipe. */
export function readsScriptFromPipe(command: SimpleCommand): boolean {
  if (command.stage === 0 || !INTERPRETERS.test(commandName(command.words[0]) ?? '')) return false;
  for (const word of command.words.slice(1)) {
    const value = word.value;
    // An unknown word may be a script file: then the pipe feeds that script, not the shell.
    if (value === null) return false;
    if (value === '-' || value === '-s' || value === '--') return true;
    if (!value.startsWith('-')) return false;
    if (/^-[a-zA-Z]*c/.test(value)) return false;
    if (/^-[a-zA-Z]*s[a-zA-Z]*$/.test(value)) return true;
  }
  return true;
}

/** The text an `echo` or `printf` of known words prints, or null. */
export function echoedText(command: SimpleCommand): string | null {
  const name = commandName(command.words[0]);
  const args = command.words.slice(1).map((w) => w.value);
  if (args.some((a) => a === null) || command.redirects.length > 0) return null;
  const known = args as string[];
  if (name === 'echo') {
    let i = 0;
    while (i < known.length && /^-[neE]+$/.test(known[i])) i++;
    return expandEchoEscapes(known.slice(i).join(' '));
  }
  if (name === 'printf' && known.length > 0) {
    const [format, ...rest] = known;
    if (/%(?!s)/.test(format.replaceAll('%%', ''))) return null;
    let k = 0;
    return expandEchoEscapes(format.replace(/%s/g, () => rest[k++] ?? ''));
  }
  return null;
}

/** `\n` and `\t` as echo -e and printf read them (more text to judge, never less). */
function expandEchoEscapes(text: string): string {
  return text.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
}

/** The command feeding `command` in its pipe. */
export function feeder(
  commands: SimpleCommand[],
  command: SimpleCommand,
): SimpleCommand | undefined {
  return commands.findLast((c) => c.pipeline === command.pipeline && c.stage === command.stage - 1);
}
