// Commands that run another command: `sudo rm`, `env X=1 rm`, `xargs rm`, `find -exec rm`, and
// those that run a string as shell: `eval`, `sh -c`, `su -c`, `ssh host CMD`, `watch CMD`.
// The guard judges the command that finally runs, with its wrappers noted in `via`.
import type { Scope, SimpleCommand, Source, Walker } from './commands.js';
import type { Word } from './lexer.js';

/** What a wrapper leaves: the command it runs, a shell string it runs, or nothing to follow. */
type Unwrapped = { run: Word[]; runtimeArguments?: string } | { script: Word[] } | { stop: true };

/** A wrapper's options: those that take a value (separately or attached), and where it stops. */
interface OptionSpec {
  withValue: string[];
  /** Options after which the wrapper runs nothing (`command -v`, `sudo -l`). */
  inert?: string[];
}

/** Skips options (and `NAME=value` when `assignments`); the index of the first operand. */
function operands(args: Word[], spec: OptionSpec, assignments = false): number | null {
  let i = 0;
  while (i < args.length) {
    const a = args[i].value;
    if (a === null) return i;
    if (a === '--') return i + 1;
    if (assignments && /^[A-Za-z_][A-Za-z0-9_]*=/.test(a)) {
      i++;
      continue;
    }
    if (!a.startsWith('-') || a === '-') return i;
    if (spec.inert?.includes(a)) return null;
    const [flag] = a.split('=');
    if (a.startsWith('--')) {
      i += spec.withValue.includes(flag) && !a.includes('=') ? 2 : 1;
      continue;
    }
    // Short flags may be bundled (`-Eu root`): a value-taking flag takes the rest or the next word.
    const letters = a.slice(1);
    let skip = 1;
    for (let k = 0; k < letters.length; k++) {
      if (spec.withValue.includes(`-${letters[k]}`)) {
        if (k === letters.length - 1) skip = 2;
        break;
      }
    }
    i += skip;
  }
  return i;
}

const after =
  (spec: OptionSpec, assignments = false) =>
  (args: Word[]): Unwrapped => {
    const i = operands(args, spec, assignments);
    return i === null ? { stop: true } : { run: args.slice(i) };
  };

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'mksh', 'rbash']);

/** `sh [-flags] -c STRING`: the string; without -c the shell reads a file or standard input. */
function shell(args: Word[]): Unwrapped {
  for (let i = 0; i < args.length; i++) {
    const a = args[i].value;
    if (a === null || !/^[-+]/.test(a)) break;
    if (a === '-o' || a === '+o') {
      i++;
      continue;
    }
    if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(a))
      return args[i + 1] ? { script: [args[i + 1]] } : { stop: true };
  }
  return { stop: true };
}

/**
 * The folders `find` starts from (after its -H/-L/-P/-D/-O options; `.` when none is written) and
 * the index of its expression.
 */
export function findStarts(args: Word[]): { starts: Word[]; expression: number } {
  let i = 0;
  while (i < args.length && /^-([HLP]|D.*|O\d*)$/.test(args[i].value ?? ''))
    i += args[i].value === '-D' ? 2 : 1;
  const starts: Word[] = [];
  while (i < args.length && !/^[-(!]/.test(args[i].value ?? '')) starts.push(args[i++]);
  if (starts.length > 0) return { starts, expression: i };
  const here = { ...(args[0] ?? emptyWord), value: '.', prefix: '.', raw: '.' };
  return { starts: [here], expression: i };
}

const emptyWord: Word = {
  kind: 'word',
  start: 0,
  end: 0,
  raw: '',
  value: '',
  prefix: '',
  variables: [],
  glob: false,
  quoted: false,
  nested: [],
};

function find(args: Word[]): { starts: Word[]; execs: Word[][] } {
  const { starts, expression } = findStarts(args);
  const execs: Word[][] = [];
  for (let i = expression; i < args.length; i++) {
    if (!['-exec', '-execdir', '-ok', '-okdir'].includes(args[i].value ?? '')) continue;
    const start = i + 1;
    while (i < args.length && args[i].value !== ';' && args[i].value !== '+') i++;
    execs.push(args.slice(start, i));
  }
  return { starts, execs };
}

const WRAPPERS: Record<string, (args: Word[]) => Unwrapped> = {
  sudo: after(
    {
      withValue: [
        '-u',
        '-g',
        '-p',
        '-C',
        '-D',
        '-r',
        '-t',
        '-U',
        '-T',
        '-h',
        '--user',
        '--group',
        '--prompt',
        '--chdir',
        '--host',
      ],
      inert: ['-l', '-v', '-V', '-k', '-K', '-e', '--list', '--validate', '--edit'],
    },
    true,
  ),
  doas: after({ withValue: ['-u', '-C'] }),
  env: (args) => {
    const split = args.findIndex((a) => a.value === '-S' || a.value?.startsWith('--split-string'));
    if (split !== -1 && args[split + 1]) return { script: args.slice(split + 1) };
    return after({ withValue: ['-u', '-C', '--unset', '--chdir'] }, true)(args);
  },
  nohup: after({ withValue: [] }),
  setsid: after({ withValue: [] }),
  unbuffer: after({ withValue: [] }),
  builtin: after({ withValue: [] }),
  time: after({ withValue: ['-f', '-o', '--format', '--output'] }),
  stdbuf: after({ withValue: ['-i', '-o', '-e'] }),
  nice: after({ withValue: ['-n', '--adjustment'] }),
  ionice: after({ withValue: ['-c', '-n', '--class', '--classdata'] }),
  exec: after({ withValue: ['-a'] }),
  command: after({ withValue: [], inert: ['-v', '-V'] }),
  busybox: (args) => ({ run: args }),
  chroot: (args) => {
    const i = operands(args, { withValue: ['--userspec', '--groups'] }) ?? args.length;
    return { run: args.slice(i + 1) };
  },
  timeout: (args) => {
    const i =
      operands(args, { withValue: ['-s', '-k', '--signal', '--kill-after'] }) ?? args.length;
    return { run: args.slice(i + 1) };
  },
  flock: (args) => {
    const c = args.findIndex((a) => a.value === '-c' || a.value === '--command');
    if (c !== -1 && args[c + 1]) return { script: [args[c + 1]] };
    const i =
      operands(args, { withValue: ['-w', '-E', '--timeout', '--conflict-exit-code'] }) ??
      args.length;
    return { run: args.slice(i + 1) };
  },
  su: (args) => {
    const c = args.findIndex((a) => a.value === '-c' || a.value === '--command');
    return c !== -1 && args[c + 1] ? { script: [args[c + 1]] } : { stop: true };
  },
  eval: (args) => ({ script: args }),
  watch: (args) => {
    const i =
      operands(args, { withValue: ['-n', '-d', '--interval', '--differences'] }) ?? args.length;
    return { script: args.slice(i) };
  },
  ssh: (args) => {
    const i = operands(args, {
      withValue: [
        '-b',
        '-c',
        '-D',
        '-E',
        '-e',
        '-F',
        '-I',
        '-i',
        '-J',
        '-L',
        '-l',
        '-m',
        '-O',
        '-o',
        '-p',
        '-Q',
        '-R',
        '-S',
        '-W',
        '-w',
        '-B',
      ],
    });
    return i === null ? { stop: true } : { script: args.slice(i + 1) };
  },
  xargs: (args) => {
    const i = operands(args, {
      withValue: [
        '-a',
        '-d',
        '-E',
        '-I',
        '-L',
        '-n',
        '-P',
        '-s',
        '--arg-file',
        '--delimiter',
        '--replace',
        '--max-lines',
        '--max-args',
        '--max-procs',
        '--max-chars',
      ],
    });
    return i === null || i >= args.length
      ? { stop: true }
      : { run: args.slice(i), runtimeArguments: '' };
  },
};

export function commandName(word: Word | undefined): string | null {
  const value = word?.value;
  if (value === null || value === undefined) return null;
  return value.slice(value.lastIndexOf('/') + 1);
}

/**
 * Follows wrappers from `command` to what finally runs and hands every command found to `emit`
 * (strings run as shell are walked as shell, `find -exec` commands are emitted beside `find`).
 */
export function unwrap(
  command: SimpleCommand,
  source: Source,
  scope: Scope,
  walker: Walker,
  emit: (command: SimpleCommand) => void,
): void {
  let current = command;
  for (let hops = 0; hops < 16; hops++) {
    const name = commandName(current.words[0]);
    if (name === 'find') {
      const { starts, execs } = find(current.words.slice(1));
      for (const words of execs)
        for (const start of starts)
          unwrap(
            {
              ...current,
              // `{}` becomes each file found: unknown, but under the start directory.
              words: words.map((w) =>
                w.value?.includes('{}')
                  ? {
                      ...w,
                      value: null,
                      // An unknown start folder leaves nothing known of the files found.
                      prefix: start.value === null ? '' : `${start.value.replace(/\/*$/, '')}/`,
                    }
                  : w,
              ),
              via: [...current.via, 'find -exec'],
            },
            source,
            scope,
            walker,
            emit,
          );
      break;
    }
    const wrapper =
      name === null
        ? undefined
        : SHELLS.has(name)
          ? shell
          : Object.hasOwn(WRAPPERS, name)
            ? WRAPPERS[name]
            : undefined;
    if (!wrapper) break;
    const result = wrapper(current.words.slice(1));
    if ('stop' in result) break;
    if ('script' in result) {
      emit(current);
      const words = result.script;
      if (words.length === 0 || words.some((w) => w.value === null)) return;
      const span = { start: words[0].start, end: words[words.length - 1].end };
      walker.string(words.map((w) => w.value).join(' '), span, source, `${name}`, scope);
      return;
    }
    if (result.run.length === 0) break;
    current = {
      ...current,
      words: result.run,
      via: [...current.via, name!],
      runtimeArguments: result.runtimeArguments ?? current.runtimeArguments,
    };
  }
  emit(current);
}
