import type { DockerEngine, LogReadOptions } from '../ports/docker-engine';
import type { ContainerInfo } from '../domain/container';
import { instanceLabel, logTimeKeyOfMs, parseLogLine, type LogEntry } from '../domain/log-entry';
import { messageOf } from '../errors';
import type { FlowContext } from './flow-context';

/**
 * Reads one instance's output as log entries (time key, host, instance). A read that fails (the
 * host went away, the container was removed) is said once as a note and ends that instance only.
 * Resolves when the output ends (following: when the container stops) or the command is stopped.
 */
export async function readContainerLog(ctx: FlowContext, engine: DockerEngine, container: ContainerInfo, project: string, options: LogReadOptions, onEntry: (entry: LogEntry) => void, signal: AbortSignal = ctx.signal): Promise<void> {
  const instance = instanceLabel(container.name, project);
  let lastKey = logTimeKeyOfMs(0);
  try {
    await engine.containerLogs(container.id, options, ({ line }) => {
      const parsed = parseLogLine(line, lastKey);
      lastKey = parsed.key;
      onEntry({ key: parsed.key, host: container.host, instance, kind: 'line', text: parsed.text });
    }, signal);
  } catch (error) {
    if (signal.aborted) return;
    ctx.progress({ type: 'note', message: `the logs of ${container.name} on ${container.host} could not be read: ${messageOf(error)}` });
  }
}
