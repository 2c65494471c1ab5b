import type { DockerEngine, LogReadOptions } from '../ports/docker-engine';
import type { ContainerInfo } from '../domain/container';
import { filterInstances } from '../domain/instance-selection';
import { flowLabel } from '../domain/labels';
import { instanceLabel, logTimeKey, logTimeKeyOfMs, type LogEntry } from '../domain/log-entry';
import { LogInterleaver } from '../domain/log-interleaver';
import { messageOf } from '../errors';
import type { FlowContext } from './flow-context';
import type { LogsRequest, LogsScope } from './logs';
import { readContainerLog } from './read-container-log';

/** How long after the event streams open the instances are listed again, for one that started in between. */
const relistAfterMs = 1000;

/**
 * `docker-flow logs --follow`: follows the running instances, and keeps following across a release:
 * an instance that starts later (Docker events of every host) joins, one that stops leaves, each said
 * in one line. Lines are held `windowMs` and printed in time order. Runs until the command is
 * stopped (Ctrl-C), then prints what it holds and returns.
 */
export async function followLogs(ctx: FlowContext, request: LogsRequest, scope: LogsScope, initial: readonly ContainerInfo[]): Promise<void> {
  const windowMs = request.windowMs ?? 250;
  const project = scope.filter.project;
  const interleaver = new LogInterleaver(windowMs);
  const push = (entry: LogEntry): void => interleaver.push(entry, ctx.clock.now());
  const streaming = new Set<string>();
  // instances that start later belong to the release being followed: any colour for `live`
  const joins = (c: ContainerInfo): boolean => c.state === 'running' && filterInstances([c], scope.filter).length === 1 && (request.colour === 'live' || scope.matchesColour(c));

  const follow = (engine: DockerEngine, container: ContainerInfo, joined: boolean): void => {
    const id = `${container.host}/${container.id}`;
    if (streaming.has(id)) return;
    streaming.add(id);
    const instance = instanceLabel(container.name, project);
    scope.formatter.know(container.host, instance);
    // a process often writes before the engine records its start time: the join is told with its first line (or after a second of silence)
    let told = !joined;
    const tell = (key: string): void => {
      if (told) return;
      told = true;
      push({ key, host: container.host, instance, kind: 'joined', text: describeInstance(container) });
    };
    // Not awaited: a joined instance is announced by its first line or, failing that, after a second.
    if (joined) void ctx.clock.sleep(1000, ctx.signal).then(() => tell(logTimeKey(container.startedAt ?? '') ?? logTimeKeyOfMs(ctx.clock.now())), () => undefined);
    const options: LogReadOptions = joined
      ? { follow: true, ...(container.startedAt === undefined ? {} : { sinceSec: Date.parse(container.startedAt) / 1000 - 1 }) }
      : { follow: true, ...(request.sinceSec === undefined ? {} : { sinceSec: request.sinceSec }), ...(request.tail === undefined ? {} : { tail: request.tail }) };
    const onEntry = (entry: LogEntry): void => {
      tell(entry.key);
      push(entry);
    };
    // Not awaited: every instance's log streams side by side; readContainerLog reports its own failure as a note.
    void readContainerLog(ctx, engine, container, project, options, onEntry).then(async () => {
      tell(logTimeKeyOfMs(ctx.clock.now()));
      streaming.delete(id);
      if (ctx.signal.aborted) return;
      const after = await engine.inspectContainer(container.id, ctx.signal).catch(() => undefined);
      push({ key: logTimeKeyOfMs(ctx.clock.now()), host: container.host, instance, kind: 'left', text: after === undefined ? '(removed)' : `(${after.state}${after.exitCode === undefined ? '' : ` ${after.exitCode}`})` });
    });
  };

  const engineOf = (host: string): DockerEngine | undefined => scope.engines.find((e) => e.host.name === host);
  for (const container of initial) {
    const engine = engineOf(container.host);
    if (engine !== undefined) follow(engine, container, false);
  }
  if (initial.length === 0) ctx.progress({ type: 'note', message: `no instance of ${project}-${scope.filter.target} runs yet; waiting for one to start (Ctrl-C to stop)` });
  // Not awaited: these run until Ctrl-C beside the streams; each catches and reports its own failures.
  for (const engine of scope.engines) void watchStarts(ctx, engine, project, (c) => joins(c) && follow(engine, c, true));
  void relistLater(ctx, scope.engines, project, (engine, c) => joins(c) && follow(engine, c, true));

  while (!ctx.signal.aborted) {
    await ctx.clock.sleep(Math.max(10, windowMs / 2), ctx.signal).catch(() => undefined);
    for (const entry of interleaver.take(ctx.clock.now())) ctx.print(scope.formatter.format(entry));
  }
  for (const entry of interleaver.flush()) ctx.print(scope.formatter.format(entry));
}

/** Containers of the project that start on one host (Docker events), until stopped; a host that stops answering is named once. */
async function watchStarts(ctx: FlowContext, engine: DockerEngine, project: string, onStart: (container: ContainerInfo) => void): Promise<void> {
  try {
    for await (const event of engine.events({ [flowLabel.project]: project }, ctx.signal)) {
      if (event.action !== 'start') continue;
      const info = await engine.inspectContainer(event.containerId, ctx.signal);
      if (info !== undefined) onStart(info);
    }
  } catch (error) {
    if (!ctx.signal.aborted) ctx.progress({ type: 'note', message: `host ${engine.host.name} stopped answering (${messageOf(error)}); instances that start there are not followed` });
  }
}

/** Lists the instances once more after the event streams opened, so one that started in between still joins. */
async function relistLater(ctx: FlowContext, engines: readonly DockerEngine[], project: string, onRunning: (engine: DockerEngine, container: ContainerInfo) => void): Promise<void> {
  await ctx.clock.sleep(relistAfterMs, ctx.signal).catch(() => undefined);
  if (ctx.signal.aborted) return;
  await Promise.allSettled(engines.map(async (engine) => {
    for (const c of await engine.listContainers({ [flowLabel.project]: project }, ctx.signal)) onRunning(engine, c);
  }));
}

function describeInstance(c: ContainerInfo): string {
  const parts = [c.color, c.release === undefined ? undefined : `release ${c.release}`].filter((p): p is string => p !== undefined);
  return parts.length === 0 ? '' : `(${parts.join(', ')})`;
}
