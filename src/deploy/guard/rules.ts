// The catalogue of what the guard refuses. Each rule judges one simple command (as it finally
// runs, wrappers removed) or, for fork bombs and download-and-run, the commands together.
import type { SimpleCommand, Walk } from './commands.js';
import type { Word } from './lexer.js';
import { blockDevice, CRITICAL_FILES, pathTarget, reaches, SYSTEM_PATHS } from './paths.js';
import {
  echoedText,
  feeder,
  INTERPRETERS,
  readsScriptFromPipe,
  readsShell,
} from './stdin-scripts.js';
import { commandName, findStarts } from './wrappers.js';

/** A refusal before it is placed: the rule, why, and the command it concerns. */
export interface Finding {
  rule: RuleId;
  reason: string;
  command: Pick<SimpleCommand, 'part' | 'start' | 'end' | 'words'>;
}

export const RULE_IDS = [
  'recursive-delete-system-path',
  'disk-format',
  'block-device-write',
  'fork-bomb',
  'shutdown-reboot',
  'recursive-permissions-system-path',
  'move-system-path',
  'truncate-critical-file',
  'kill-all-processes',
  'crontab-remove',
  'firewall-flush',
  'download-execute',
  'piped-script',
  'dynamic-command-name',
  'dynamic-script',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

interface CommandRule {
  id: RuleId;
  description: string;
  /** Why `command` is refused, or null. */
  judge(command: SimpleCommand): string | null;
}

interface WalkRule {
  id: RuleId;
  description: string;
  judgeAll(walk: Walk, strict: boolean): Finding[];
}

// ---- reading arguments ---------------------------------------------------------------------

/** The option words before `--` (an unknown word counts as an operand). */
function options(command: SimpleCommand): string[] {
  const out: string[] = [];
  for (const w of command.words.slice(1)) {
    if (w.value === '--') break;
    if (w.value?.startsWith('-') && w.value !== '-') out.push(w.value);
  }
  return out;
}

function hasFlag(command: SimpleCommand, short: string | null, long: string[] = []): boolean {
  return options(command).some((o) =>
    o.startsWith('--')
      ? long.some((l) => longOption(o, l))
      : short !== null && o.slice(1).includes(short),
  );
}

/** `o` is the long option `l`: GNU tools take any unambiguous beginning (`--recur`). */
function longOption(o: string, l: string): boolean {
  const [written] = o.split('=');
  return written === l || (written.length >= 5 && l.startsWith(written));
}

/** The words that are not options, from those that take no value. */
function operands(command: SimpleCommand, withValue: string[] = []): Word[] {
  const out: Word[] = [];
  let ended = false;
  const words = command.words.slice(1);
  for (let i = 0; i < words.length; i++) {
    const v = words[i].value;
    if (!ended && v === '--') ended = true;
    else if (!ended && v?.startsWith('-') && v !== '-') {
      if (withValue.includes(v)) i++;
    } else out.push(words[i]);
  }
  return out;
}

const quote = (w: Word) => w.raw;

/** Why a recursive verb must not reach `targets`, or null. */
function systemTargets(command: SimpleCommand, targets: Word[], verb: string): string | null {
  for (const target of targets) {
    const t = pathTarget(target, command.cwds);
    if (t.unknown)
      return `${verb} of ${quote(target)}, whose value is unknown before running and may be a system path`;
    const hit = reaches(t, SYSTEM_PATHS);
    if (hit)
      return `${verb} of ${quote(target)}${t.open ? ' (ends in an unknown expansion)' : ''} reaches the system path ${hit}`;
  }
  if (command.runtimeArguments !== undefined)
    return `${verb} of arguments that ${command.via.at(-1)} supplies at run time, which may be system paths`;
  return null;
}

const WRITES = new Set(['>', '>>', '>|', '<>', '&>', '&>>', '>&']);
const TRUNCATES = new Set(['>', '>|', '&>', '>&']);

function redirectsTo(command: SimpleCommand, ops: Set<string>): Word[] {
  return command.redirects.filter((r) => ops.has(r.op)).map((r) => r.target);
}

function criticalFile(word: Word): string | null {
  if (word.value === null) return null;
  return reaches(pathTarget(word, []), CRITICAL_FILES);
}

/** The destination of `cp`/`mv`/`install`: `-t DIR` or the last operand. */
function destination(command: SimpleCommand): Word | undefined {
  const words = command.words;
  const t = words.findIndex((w) => w.value === '-t' || w.value === '--target-directory');
  if (t !== -1) return words[t + 1];
  const ops = operands(command, [
    '-S',
    '--suffix',
    '-m',
    '--mode',
    '-o',
    '--owner',
    '-g',
    '--group',
  ]);
  return ops.length >= 2 ? ops[ops.length - 1] : undefined;
}

// ---- the rules -----------------------------------------------------------------------------

const name = (c: SimpleCommand) => commandName(c.words[0]);

export const COMMAND_RULES: CommandRule[] = [
  {
    id: 'recursive-delete-system-path',
    description:
      'rm -r/-R/--recursive (and find -delete) of /, /*, a top-level folder, /usr/*, /var/lib, /var/log, /home/*, /etc/*, ~; rm --no-preserve-root; a recursive delete of a target unknown before running',
    judge(c) {
      const n = name(c);
      if (n === 'rm') {
        if (hasFlag(c, null, ['--no-preserve-root']))
          return 'rm --no-preserve-root disables the protection of /';
        if (!hasFlag(c, 'r', ['--recursive']) && !hasFlag(c, 'R')) return null;
        return systemTargets(c, operands(c), 'recursive delete');
      }
      if (n === 'find' && c.words.some((w) => w.value === '-delete')) {
        return systemTargets(c, findStarts(c.words.slice(1)).starts, 'find -delete');
      }
      return null;
    },
  },
  {
    id: 'disk-format',
    description:
      'mkfs*, mke2fs, mkswap of a device, wipefs -a, fdisk/gdisk (other than listing), sfdisk writes, parted and sgdisk writes, shred or blkdiscard of a device, cryptsetup luksFormat',
    judge(c) {
      const n = name(c) ?? '';
      const devices = operands(c).filter((w) => (w.value ?? w.prefix).startsWith('/dev/'));
      if (/^mkfs(\..+)?$/.test(n) || n === 'mke2fs' || n === 'mkdosfs' || n === 'mkntfs')
        return `${n} creates a file system, erasing what was there`;
      if (n === 'mkswap' && devices.length > 0) return 'mkswap on a device erases it';
      if (n === 'wipefs' && (hasFlag(c, 'a', ['--all']) || hasFlag(c, 'o', ['--offset'])))
        return 'wipefs erases file-system signatures';
      if ((n === 'fdisk' || n === 'gdisk' || n === 'cfdisk') && !hasFlag(c, 'l', ['--list']))
        return `${n} rewrites partition tables`;
      if (
        n === 'sfdisk' &&
        !['l', 'd', 's', 'V', 'J'].some((f) => hasFlag(c, f)) &&
        !hasFlag(c, null, ['--list', '--dump', '--show-size', '--verify', '--json'])
      )
        return 'sfdisk writes a partition table';
      if (
        n === 'parted' &&
        operands(c).some((w) =>
          ['mklabel', 'mktable', 'mkpart', 'mkpartfs', 'rm', 'resizepart', 'rescue'].includes(
            w.value ?? '',
          ),
        )
      )
        return 'parted rewrites partitions';
      if (
        n === 'sgdisk' &&
        ['Z', 'z', 'o', 'n', 'd'].some((f) =>
          hasFlag(c, f, ['--zap-all', '--zap', '--clear', '--new', '--delete']),
        )
      )
        return 'sgdisk rewrites partitions';
      if ((n === 'shred' || n === 'blkdiscard') && (devices.length > 0 || n === 'blkdiscard'))
        return `${n} destroys the data of a device`;
      if (
        n === 'cryptsetup' &&
        operands(c).some((w) => /^luksFormat$|^erase$|^luksErase$/i.test(w.value ?? ''))
      )
        return 'cryptsetup formats or erases a volume';
      return null;
    },
  },
  {
    id: 'block-device-write',
    description:
      'writes to a block device (/dev/sd*, /dev/nvme*, /dev/vd*, /dev/xvd*, /dev/hd*, /dev/mmcblk*, /dev/md*, /dev/dm-*, /dev/loop*, /dev/mapper/*, /dev/disk/*): dd of=, redirections, tee, cp/mv/install onto one',
    judge(c) {
      for (const target of redirectsTo(c, WRITES)) {
        const device = blockDevice(target);
        if (device) return `redirects output onto the block device ${device}`;
      }
      const n = name(c);
      if (n === 'dd') {
        for (const w of c.words.slice(1)) {
          const v = w.value ?? w.prefix;
          if (!v.startsWith('of=')) continue;
          const device = blockDevice({
            ...w,
            value: w.value === null ? null : v.slice(3),
            prefix: w.prefix.slice(3),
          });
          if (device) return `dd writes onto the block device ${device}`;
        }
      }
      if (n === 'tee')
        for (const w of operands(c)) {
          const device = blockDevice(w);
          if (device) return `tee writes onto the block device ${device}`;
        }
      if (n === 'cp' || n === 'mv' || n === 'install' || n === 'rsync') {
        const to = destination(c);
        const device = to && blockDevice(to);
        if (device) return `${n} writes onto the block device ${device}`;
      }
      return null;
    },
  },
  {
    id: 'shutdown-reboot',
    description:
      'shutdown (but not shutdown -c), reboot, halt, poweroff, init/telinit 0 or 6, systemctl poweroff|reboot|halt|kexec|soft-reboot|rescue|emergency (and isolate of those targets)',
    judge(c) {
      const n = name(c) ?? '';
      if (n === 'shutdown') return hasFlag(c, 'c') ? null : 'shutdown stops the host';
      if (['reboot', 'halt', 'poweroff'].includes(n)) return `${n} stops the host`;
      if (
        (n === 'init' || n === 'telinit') &&
        operands(c).some((w) => w.value === '0' || w.value === '6')
      )
        return `${n} ${operands(c)[0].value} stops or restarts the host`;
      if (n === 'systemctl') {
        const ops = operands(c).map((w) => w.value ?? '');
        const stop = ['poweroff', 'reboot', 'halt', 'kexec', 'soft-reboot', 'rescue', 'emergency'];
        if (stop.includes(ops[0])) return `systemctl ${ops[0]} stops the host or its services`;
        const target = ops.slice(1).find((o) => stop.some((s) => o === s || o === `${s}.target`));
        if (['isolate', 'start', 'restart'].includes(ops[0]) && target)
          return `systemctl ${ops[0]} ${target} stops the host or its services`;
        if (ops[0] === 'isolate' && stop.some((s) => ops[1]?.startsWith(s)))
          return `systemctl isolate ${ops[1]} stops the host or its services`;
      }
      return null;
    },
  },
  {
    id: 'recursive-permissions-system-path',
    description: 'chmod -R, chown -R, chgrp -R of a system path (as for deletes)',
    judge(c) {
      const n = name(c) ?? '';
      if (!['chmod', 'chown', 'chgrp'].includes(n) || !hasFlag(c, 'R', ['--recursive']))
        return null;
      // The mode or owner is the first operand, unless a reference file gives it or the mode
      // itself looks like an option (`chmod -R -w /`).
      const reference = c.words.some((w) => w.value?.startsWith('--reference'));
      const dashMode =
        n === 'chmod' && options(c).some((o) => /^-[rwxXstugo]+$/.test(o) && o !== '-R');
      const targets = operands(c).slice(reference || dashMode ? 0 : 1);
      return systemTargets(c, targets, `${n} -R`);
    },
  },
  {
    id: 'move-system-path',
    description: 'mv of a system path (as for deletes) to anywhere',
    judge(c) {
      if (name(c) !== 'mv') return null;
      const ops = operands(c, ['-t', '--target-directory', '-S', '--suffix']);
      const hasTarget = c.words.some(
        (w) => w.value === '-t' || w.value?.startsWith('--target-directory'),
      );
      const sources = hasTarget ? ops : ops.slice(0, -1);
      for (const source of sources) {
        const hit = reaches(pathTarget(source, c.cwds), SYSTEM_PATHS);
        if (hit) return `mv of ${quote(source)} moves the system path ${hit} away`;
      }
      return null;
    },
  },
  {
    id: 'truncate-critical-file',
    description:
      'truncating or replacing /etc/passwd, /etc/shadow, /etc/group, /etc/gshadow, /etc/sudoers, /etc/fstab, /etc/crypttab, /etc/hosts, /etc/ssh/sshd_config, /boot/*: `> file`, truncate, tee without -a, cp/mv/install onto it, rm of it',
    judge(c) {
      for (const target of redirectsTo(c, TRUNCATES)) {
        const file = criticalFile(target);
        if (file) return `the redirection truncates ${target.value ?? target.raw}`;
      }
      const n = name(c) ?? '';
      const ops = operands(c, ['-s', '--size', '-r', '--reference']);
      const hit = (words: Word[]) => words.find((w) => criticalFile(w) !== null);
      if (n === 'truncate' && hit(ops)) return `truncate empties ${hit(ops)!.raw}`;
      if (n === 'tee' && !hasFlag(c, 'a', ['--append']) && hit(ops))
        return `tee overwrites ${hit(ops)!.raw}`;
      if (n === 'rm' && hit(operands(c))) return `rm deletes ${hit(operands(c))!.raw}`;
      if (['cp', 'mv', 'install'].includes(n)) {
        const to = destination(c);
        if (to && criticalFile(to)) return `${n} replaces ${to.raw}`;
      }
      if (n === 'dd') {
        const of = c.words.find((w) => w.value?.startsWith('of='));
        if (of && criticalFile({ ...of, value: of.value!.slice(3) }))
          return `dd overwrites ${of.value!.slice(3)}`;
      }
      return null;
    },
  },
  {
    id: 'kill-all-processes',
    description: 'kill of process -1 (every process) or 1 (init), with any signal; killall5',
    judge(c) {
      const n = name(c);
      if (n === 'killall5') return 'killall5 signals every process';
      if (n !== 'kill') return null;
      const words = c.words.slice(1);
      let i = 0;
      // The first option is the signal (`-9`, `-KILL`, `-s KILL`); what follows are process ids.
      if (words[0]?.value === '-s' || words[0]?.value === '-n' || words[0]?.value === '--signal')
        i = 2;
      else if (words[0]?.value?.startsWith('-') && words[0].value !== '--' && words.length > 1)
        i = 1;
      if (words[i]?.value === '--') i++;
      const pids = words.slice(i).map((w) => w.value);
      if (pids.includes('-1')) return 'kill -1 signals every process the user may signal';
      if (pids.includes('1')) return 'kill 1 signals init, the first process';
      return null;
    },
  },
  {
    id: 'crontab-remove',
    description: 'crontab -r (removes the whole crontab without a copy)',
    judge: (c) =>
      name(c) === 'crontab' && hasFlag(c, 'r') ? 'crontab -r removes every scheduled job' : null,
  },
  {
    id: 'firewall-flush',
    description:
      'iptables/ip6tables -F/--flush (all rules or a chain) and nft flush ruleset: a remote host can become unreachable or open',
    judge(c) {
      const n = name(c) ?? '';
      if (/^ip6?tables(-legacy|-nft)?$/.test(n) && hasFlag(c, 'F', ['--flush']))
        return `${n} --flush drops firewall rules`;
      const ops = operands(c).map((w) => w.value);
      if (n === 'nft' && ops[0] === 'flush' && ops[1] === 'ruleset')
        return 'nft flush ruleset drops every firewall rule';
      return null;
    },
  },
];

const DOWNLOADERS = new Set(['curl', 'wget', 'fetch']);
const DOWNLOAD_TEXT = /(^|[\s;&|(`])(curl|wget|fetch)(\s|$)/;

export const WALK_RULES: WalkRule[] = [
  {
    id: 'fork-bomb',
    description:
      'a function that starts itself in a pipe or in the background (`:(){ :|:& };:`, any name)',
    judgeAll(walk) {
      const found: Finding[] = [];
      for (const f of walk.functions) {
        const calls = walk.commands.filter((c) => c.inFunction === f.name && name(c) === f.name);
        const piped = (c: SimpleCommand) =>
          walk.commands.some((o) => o !== c && o.pipeline === c.pipeline);
        if (calls.some((c) => c.background || piped(c)))
          found.push({
            rule: 'fork-bomb',
            reason: `the function ${f.name} starts copies of itself without end`,
            command: { part: f.part, start: f.start, end: f.end, words: [] },
          });
      }
      return found;
    },
  },
  {
    id: 'download-execute',
    description:
      'running what is downloaded: curl/wget piped into a shell or interpreter, `sh <(curl ...)`, `bash -c "$(curl ...)"`, `eval "$(wget -O- ...)"`',
    judgeAll(walk) {
      const found: Finding[] = [];
      for (const c of walk.commands) {
        const n = name(c) ?? '';
        const runsText = INTERPRETERS.test(n) || ['eval', 'source', '.'].includes(n);
        if (!runsText) continue;
        const downloaded = c.words.some((w) => w.nested.some((s) => DOWNLOAD_TEXT.test(s.text)));
        const fed =
          readsScriptFromPipe(c) &&
          walk.commands.find(
            (o) => o.pipeline === c.pipeline && o.stage < c.stage && DOWNLOADERS.has(name(o) ?? ''),
          );
        if (downloaded || fed)
          found.push({
            rule: 'download-execute',
            reason: fed
              ? `${n} runs what \`${fed.part}\` downloads, unseen`
              : `${n} runs text downloaded at run time, unseen`,
            command: c,
          });
      }
      return found;
    },
  },
  {
    id: 'piped-script',
    description:
      'a shell or interpreter reading its script from a pipe whose text is only known while running (`base64 -d x | sh`, `cat f | bash`); a pipe from `echo`/`printf` of known words is judged as the script it prints',
    judgeAll(walk) {
      const found: Finding[] = [];
      for (const c of walk.commands) {
        if (!readsScriptFromPipe(c)) continue;
        const from = feeder(walk.commands, c);
        if (!from || DOWNLOADERS.has(name(from) ?? '')) continue;
        if (readsShell(c) && echoedText(from) !== null) continue;
        found.push({
          rule: 'piped-script',
          reason: `${name(c)} runs the output of \`${from.part}\`, which is only known while running`,
          command: c,
        });
      }
      return found;
    },
  },
  {
    id: 'dynamic-script',
    description: 'strict policies only: eval, sh -c and the like of a string computed at run time',
    judgeAll(walk, strict) {
      if (!strict) return [];
      return walk.commands
        .filter((c) => {
          const n = name(c) ?? '';
          if (n === 'eval') return c.words.slice(1).some((w) => w.value === null);
          const c1 = c.words.findIndex((w) => /^-[a-zA-Z]*c[a-zA-Z]*$/.test(w.value ?? ''));
          return INTERPRETERS.test(n) && c1 !== -1 && c.words[c1 + 1]?.value === null;
        })
        .map((c) => ({
          rule: 'dynamic-script' as const,
          reason: 'runs a script computed at run time (strict policy)',
          command: c,
        }));
    },
  },
];

/**
 * Verbs a computed command name could be, judged by their arguments (`$CMD -rf /` as rm): verbs
 * refused whatever their arguments (mkfs, reboot) are left out, or every `$EDITOR file` would be.
 */
const CANDIDATE_VERBS = [
  'rm',
  'chmod',
  'chown',
  'mv',
  'dd',
  'shred',
  'kill',
  'systemctl',
  'iptables',
  'crontab',
  'tee',
  'cp',
  'find',
];

/** Findings for one command: the catalogue's, and for a computed name, what it could become. */
export function judgeCommand(
  command: SimpleCommand,
  enabled: (id: RuleId) => boolean,
  strict: boolean,
): Finding[] {
  const found: Finding[] = [];
  for (const rule of COMMAND_RULES) {
    if (!enabled(rule.id)) continue;
    const reason = rule.judge(command);
    if (reason) found.push({ rule: rule.id, reason, command });
  }
  const head = command.words[0];
  if (head && head.value === null && enabled('dynamic-command-name')) {
    if (strict) {
      found.push({
        rule: 'dynamic-command-name',
        reason: `the command name ${head.raw} is computed at run time (strict policy)`,
        command,
      });
    } else {
      for (const verb of CANDIDATE_VERBS) {
        const as = {
          ...command,
          words: [{ ...head, value: verb, prefix: verb }, ...command.words.slice(1)],
        };
        const rule = COMMAND_RULES.find((r) => enabled(r.id) && r.judge(as));
        if (rule) {
          found.push({
            rule: 'dynamic-command-name',
            reason: `the command name ${head.raw} is computed at run time, and as ${verb} it would be refused (${rule.id})`,
            command,
          });
          break;
        }
      }
    }
  }
  return found;
}

export const RULES: readonly { id: RuleId; description: string }[] = [
  ...COMMAND_RULES,
  ...WALK_RULES,
  {
    id: 'dynamic-command-name',
    description:
      'a command name computed at run time (`$CMD`, `$(...)`) whose arguments would be refused with a destructive verb; in a strict policy, any computed command name',
  },
];
