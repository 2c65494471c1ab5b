import assert from 'node:assert/strict';
import type { Command } from 'commander';
import { buildProgram, type CommandHandlers } from '../../../src/cli/program';
import { ConfigError } from '../../../src/errors';

const nothing = (): Promise<void> => Promise.resolve(undefined);
const handlers: CommandHandlers = {
  flows: nothing, status: nothing, releases: nothing, proxy: nothing, rollback: nothing, lock: nothing,
  registrator: nothing, proxyWatch: nothing, agent: nothing, init: nothing, logs: nothing, exec: nothing, run: nothing, remove: nothing,
};

/** Runs docker-flow with `args` and returns what it wrote to stdout (help goes there). */
async function output(args: readonly string[]): Promise<string> {
  let text = '';
  const program = buildProgram(handlers, '0.0.0');
  const capture = (command: Command): void => {
    command.configureOutput({ writeOut: (chunk) => void (text += chunk), writeErr: () => undefined });
    command.configureHelp({ helpWidth: 120 });
    command.commands.forEach(capture);
  };
  capture(program);
  await program.parseAsync([...args], { from: 'user' }).catch((error: unknown) => {
    if (!(error instanceof Error && 'exitCode' in error && error.exitCode === 0)) throw error;
  });
  return text;
}

/** Every command path below the root: ['status'], ['proxy'], ['proxy', 'watch'], ... */
function paths(command: Command, prefix: readonly string[] = []): string[][] {
  return command.commands.filter((c) => c.name() !== 'help').flatMap((c) => [[...prefix, c.name()], ...paths(c, [...prefix, c.name()])]);
}

describe('cli: docker-flow help <command> and <command> --help', () => {
  it('give the same text for every command, sub-commands included', async () => {
    const all = paths(buildProgram(handlers, '0.0.0'));
    assert.ok(all.some((p) => p.join(' ') === 'proxy watch') && all.some((p) => p.join(' ') === 'init'), all.join(', '));
    for (const path of all) {
      const viaHelp = await output(['help', ...path]);
      assert.match(viaHelp, new RegExp(`^Usage: docker-flow ${path.join(' ')} `), path.join(' '));
      assert.equal(viaHelp, await output([...path, '--help']), path.join(' '));
    }
  });

  it('docker-flow help alone is docker-flow --help', async () => {
    const text = await output(['help']);
    assert.match(text, /Usage: docker-flow \[options\] \[command\]/);
    assert.equal(text, await output(['--help']));
  });

  it('an unknown command is bad input naming the word, the commands and the closest one', async () => {
    await assert.rejects(output(['help', 'stauts']), (e: unknown) => e instanceof ConfigError && e.exitCode === 2 && /"stauts" is not a command of docker-flow; commands: status/.test(e.message) && /docker-flow help status/.test(e.hint ?? ''));
    await assert.rejects(output(['help', 'proxy', 'wach']), (e: unknown) => e instanceof ConfigError && /"wach" is not a command of docker-flow proxy/.test(e.message) && /help proxy watch/.test(e.hint ?? ''));
  });
});
