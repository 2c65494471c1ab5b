/** How a flag is used: it takes the next word as its value, it is a switch, or it is not known. */
export type FlagKind = 'value' | 'switch' | undefined;

export interface CommandLineRules {
  /** Per command, short flags that mean something else after the command word than before it (`exec -t` is --tty, not --target). */
  readonly shorts: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Commands whose first word that is not an option (or everything after `--`) starts a command to run. */
  readonly trailing: readonly string[];
}

export interface SplitCommandLine {
  /** What commander parses. */
  readonly args: readonly string[];
  /** The command to run (exec, run): never parsed as docker-flow options. */
  readonly command: readonly string[];
}

/**
 * Prepares the user's words (argv without node and the script) for commander, which reads the
 * program's options anywhere on the line: after `exec`, `run` and `logs`, their own short flags
 * (-i, -t, -f) are written out long so they are not taken for --target or --compose-path, and the
 * command after `--` (or after the options) is taken out whole. `kindOf(command, flag)` says how a
 * flag is used before (`command` undefined) and after the command word. Pure.
 */
export function splitCommandLine(args: readonly string[], kindOf: (command: string | undefined, flag: string) => FlagKind, rules: CommandLineRules): SplitCommandLine {
  const at = commandWordAt(args, (flag) => kindOf(undefined, flag));
  const word = at === undefined ? undefined : args[at];
  if (at === undefined || word === undefined) return { args, command: [] };
  const shorts = rules.shorts[word] ?? {};
  const trailing = rules.trailing.includes(word);
  const out = args.slice(0, at + 1);
  for (let i = at + 1; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (arg === '--') return trailing ? { args: out, command: args.slice(i + 1) } : { args: [...out, ...args.slice(i)], command: [] };
    if (!isFlag(arg)) {
      if (trailing) return { args: out, command: args.slice(i) };
      out.push(arg);
      continue;
    }
    const expanded = expandShorts(arg, shorts);
    out.push(...expanded);
    const last = expanded[expanded.length - 1] ?? arg;
    if (!last.includes('=') && kindOf(word, last) === 'value' && i + 1 < args.length) {
      out.push(args[i + 1] ?? '');
      i += 1;
    }
  }
  return { args: out, command: [] };
}

/** The index of the first word that is neither an option nor an option's value. */
function commandWordAt(args: readonly string[], kindOf: (flag: string) => FlagKind): number | undefined {
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (arg === '--') return undefined;
    if (!isFlag(arg)) return i;
    const short = /^-[^-]$/.test(arg);
    if ((arg.startsWith('--') && !arg.includes('=')) || short) {
      if (kindOf(arg) === 'value') i += 1;
    }
  }
  return undefined;
}

function isFlag(arg: string): boolean {
  return arg.length > 1 && arg.startsWith('-');
}

/** `-t` → `--tty`; `-it` → `--interactive --tty` when every letter is one of the command's own shorts. */
function expandShorts(arg: string, shorts: Readonly<Record<string, string>>): readonly string[] {
  if (!/^-[a-zA-Z]+$/.test(arg)) return [arg];
  const letters = [...arg.slice(1)];
  if (!letters.every((letter) => shorts[letter] !== undefined)) return [arg];
  return letters.map((letter) => `--${shorts[letter] ?? ''}`);
}
