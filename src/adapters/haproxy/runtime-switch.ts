import { slotCommands } from '../../domain/plan-slots';
import { firstSlotDifference, type ProxySlot } from '../../domain/proxy-slots';
import { messageOf, ProxyError } from '../../errors';
import type { RuntimeChange } from '../../ports/proxy-runtime';
import { commandText, parseServersState, refusalOf, setVersionText, splitAnswers } from './runtime-api';

/** HAProxy's runtime API as a runtime reaches it: one connection per call, commands separated by `;`. */
export interface AdminChannel {
  /** Sends the lines on one connection and returns HAProxy's whole answer. */
  send(lines: readonly string[], signal: AbortSignal): Promise<string>;
}

/** The lines of a change: its commands, the new version into the map, then `show servers state` of every backend it touches (the read-back). */
export function changeLines(commands: readonly string[], backends: Iterable<string>, versionMap: string, version: string | undefined): readonly string[] {
  return [...commands, ...(version === undefined ? [] : [setVersionText(versionMap, version)]), ...[...backends].map((backend) => `show servers state ${backend}`)];
}

/** What went wrong according to the answer to `lines` (changeLines): a refused command, or a backend that reads back otherwise than `expected`. */
export function problemIn(lines: readonly string[], output: string, expected: ReadonlyMap<string, readonly ProxySlot[]>): string | undefined {
  const sets = lines.filter((line) => !line.startsWith('show '));
  const answers = splitAnswers(output, sets.length);
  if (answers === undefined) return `HAProxy's answer ended early: ${JSON.stringify(output.trim().slice(0, 200))}`;
  for (const [index, line] of sets.entries()) {
    const refusal = refusalOf(line, answers[index] ?? '');
    if (refusal !== undefined) return `HAProxy refused "${line}": ${JSON.stringify(refusal)}`;
  }
  const seen = parseServersState(output);
  for (const [backend, slots] of expected) {
    const difference = firstSlotDifference(slots, seen.get(backend) ?? []);
    if (difference !== undefined) return `the read-back of backend ${backend} disagrees with the change: expected ${difference.expected}, HAProxy has ${difference.seen}`;
  }
  return undefined;
}

/**
 * Applies a change on the channel (one connection: the commands, the version, the read-back) and
 * confirms it. A refusal or a disagreement puts the touched slots and the version back and throws
 * ProxyError (exit 5) naming the command and HAProxy's answer.
 */
export async function switchAtRuntime(channel: AdminChannel, change: RuntimeChange, versionMap: string, where: string, signal: AbortSignal): Promise<void> {
  const lines = changeLines(change.commands.map(commandText), change.expected.keys(), versionMap, change.version);
  const output = await channel.send(lines, signal);
  const problem = problemIn(lines, output, change.expected);
  if (problem !== undefined) throw await reverted(channel, change, versionMap, `${problem} in ${where}`, signal);
}

/**
 * Puts the slots a change touched back as they were before it (read afresh, so commands HAProxy did
 * carry out after a refused one are undone too), with the previous version, and returns the error to
 * throw for `problem`: it says whether the previous servers serve again.
 */
export async function reverted(channel: AdminChannel, change: RuntimeChange, versionMap: string, problem: string, signal: AbortSignal): Promise<ProxyError> {
  const hint = 'the route is unchanged; see docker-flow proxy status, then run the flow again';
  try {
    const backends = [...change.previous.keys()];
    const now = parseServersState(await channel.send(backends.map((backend) => `show servers state ${backend}`), signal));
    const undo = backends.flatMap((backend) => slotCommands(backend, now.get(backend) ?? [], change.previous.get(backend) ?? []).map(commandText));
    const lines = changeLines(undo, backends, versionMap, change.previousVersion);
    const failed = problemIn(lines, await channel.send(lines, signal), change.previous);
    if (failed !== undefined) throw new Error(failed);
    return new ProxyError(`${problem}; the change was reverted: the previous servers serve`, { hint });
  } catch (error: unknown) {
    const why = messageOf(error);
    return new ProxyError(`${problem}; reverting it failed too (${why}): the next docker-flow run, or proxy watch, settles the proxy`, { hint });
  }
}
