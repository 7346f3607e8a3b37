// `argus guard check 'COMMAND'`: the command guard, run locally (no server), so people can try a
// command before they put it in an action. Exit 0 allowed, 1 refused, 2 usage or bad policy.
import type { Command } from 'commander';
import { guardForConfig } from '../../deploy/guard/service.js';
import { loadConfig } from '../../platform/config.js';

const EXIT_REFUSED = 1;
const EXIT_USAGE = 2;

export function registerGuardCommand(program: Command): void {
  const guard = program
    .command('guard')
    .description('The command guard: what deployments refuse to run')
    // Usage errors exit 2, so a script can tell them from a refusal (1).
    .exitOverride((error) => {
      process.exit(error.exitCode === 0 ? 0 : EXIT_USAGE);
    });
  guard
    .command('check')
    .description('Check a shell command against the guard (exit 0 allowed, 1 refused)')
    .argument('<command>', "the shell command, quoted: 'ls; rm -rf /'")
    .option(
      '--space <space>',
      'the space whose policy applies (today every space has the default or configured policy)',
    )
    .option('--json', 'print the verdict as the API answers it')
    .action(async (command: string, options: { space?: string; json?: boolean }) => {
      if (command.trim() === '') {
        process.stderr.write('argus: command: a command to check\n');
        process.exitCode = EXIT_USAGE;
        return;
      }
      let checker: ReturnType<typeof guardForConfig>;
      try {
        checker = guardForConfig(loadConfig());
      } catch (error) {
        process.stderr.write(`argus: ${(error as Error).message}\n`);
        process.exitCode = EXIT_USAGE;
        return;
      }
      const verdict = await checker.check(command, options.space);
      if (options.json) process.stdout.write(`${JSON.stringify(verdict)}\n`);
      else if (verdict.allowed) process.stdout.write('allowed\n');
      else {
        process.stdout.write('refused\n');
        for (const r of verdict.refusals)
          process.stdout.write(
            `  ${r.part}  (characters ${r.start}-${r.end})\n    rule ${r.rule}: ${r.reason}\n`,
          );
      }
      if (!verdict.allowed) process.exitCode = EXIT_REFUSED;
    });
}
