import assert from 'node:assert/strict';
import { splitCommandLine, type FlagKind } from '../../../src/cli/command-line';
import { dayTwoRules } from '../../../src/cli/day-two-commands';

/** Like the program: -t/--target, -p/--project, -f/--compose-path take values, -b is a switch; exec has --node, --instance. */
const kindOf = (command: string | undefined, flag: string): FlagKind => {
  if (['-t', '--target', '-p', '--project', '-f', '--compose-path'].includes(flag)) return 'value';
  if (['-b', '--blue-green'].includes(flag)) return 'switch';
  if (command !== undefined && ['--node', '--instance', '--since', '--tail'].includes(flag)) return 'value';
  if (command !== undefined && ['--tty', '--interactive', '--follow'].includes(flag)) return 'switch';
  return undefined;
};
const split = (line: string, argsOnly = line.split(' ')) => splitCommandLine(argsOnly, kindOf, dayTwoRules);

describe('cli/command-line: exec, run and logs keep their own words', () => {
  it('takes the command after -- out whole, options and all', () => {
    assert.deepEqual(split('', ['exec', '--', 'sh', '-c', 'echo -t --target']), { args: ['exec'], command: ['sh', '-c', 'echo -t --target'] });
  });

  it('after exec and run, -i, -t and -it are theirs, not --target', () => {
    assert.deepEqual(split('exec -it -- sh'), { args: ['exec', '--interactive', '--tty'], command: ['sh'] });
    assert.deepEqual(split('run -t -i -- env'), { args: ['run', '--tty', '--interactive'], command: ['env'] });
    assert.deepEqual(split('-t app -p demo exec -t -- tty'), { args: ['-t', 'app', '-p', 'demo', 'exec', '--tty'], command: ['tty'] });
  });

  it('skips option values after the command word, and starts the command at the first other word without --', () => {
    assert.deepEqual(split('exec --node h2 -p demo --instance 3 hostname -f'), { args: ['exec', '--node', 'h2', '-p', 'demo', '--instance', '3'], command: ['hostname', '-f'] });
    assert.deepEqual(split('--target=app -b exec --node=h1 cat'), { args: ['--target=app', '-b', 'exec', '--node=h1'], command: ['cat'] });
  });

  it('after logs, -f is --follow (not --compose-path); other commands are left as they are', () => {
    assert.deepEqual(split('logs -f --tail 5 --node h1'), { args: ['logs', '--follow', '--tail', '5', '--node', 'h1'], command: [] });
    assert.deepEqual(split('-f other.yml status -t app'), { args: ['-f', 'other.yml', 'status', '-t', 'app'], command: [] });
    assert.deepEqual(split('--flow=deploy -t app'), { args: ['--flow=deploy', '-t', 'app'], command: [] });
  });
});
