import type { Command } from 'commander';
import { suggestClosest } from '../config/suggest-closest';
import { ConfigError } from '../errors';

/**
 * `docker-flow help [command...]`: the same text as `docker-flow <command...> --help` (commander
 * adds no help command to a program that has an action of its own). Unknown words are bad input.
 */
export function registerHelpCommand(program: Command): void {
  program
    .command('help')
    .description('help for a command: docker-flow help <command> (the same as docker-flow <command> --help)')
    .argument('[command...]', 'the command, e.g. proxy watch')
    .action((words: readonly string[]) => {
      commandAt(program, words).outputHelp();
    });
}

/** The command `words` name below `root` (`['proxy', 'watch']`), or a ConfigError naming the word and the choices. */
export function commandAt(root: Command, words: readonly string[]): Command {
  let current = root;
  const path: string[] = [];
  for (const word of words) {
    const names = current.commands.map((command) => command.name()).filter((name) => name !== 'help');
    const next = current.commands.find((command) => command.name() === word || command.aliases().includes(word));
    if (next === undefined) {
      const close = suggestClosest(word, names);
      const where = ['docker-flow', ...path].join(' ');
      throw new ConfigError('help', `"${word}" is not a command of ${where}${names.length === 0 ? ' (it has none)' : `; commands: ${names.join(', ')}`}`, {
        hint: close === undefined ? `run ${where} --help` : `did you mean docker-flow help ${[...path, close].join(' ')}?`,
      });
    }
    current = next;
    path.push(word);
  }
  return current;
}
