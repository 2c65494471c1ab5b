import type { DockerEngine } from '../ports/docker-engine';
import { requireTarget } from '../config/load-options';
import type { ContainerInfo } from '../domain/container';
import { filterInstances, logColourMatches, type InstanceFilter, type LogColour } from '../domain/instance-selection';
import { instanceLabel, LogFormatter, sortLogEntries, type LogEntry } from '../domain/log-entry';
import { serviceName } from '../domain/names';
import { ConfigError } from '../errors';
import type { FlowContext } from './flow-context';
import { followLogs } from './follow-logs';
import { readContainerLog } from './read-container-log';
import { selectEngines, type ReachedHosts } from './select-engines';

export interface LogsRequest {
  readonly follow: boolean;
  /** UNIX seconds: only lines after it. */
  readonly sinceSec?: number;
  /** The last N lines of each instance. */
  readonly tail?: number;
  readonly colour: LogColour;
  /** `--node`: one host of the cluster, by name. */
  readonly node?: string;
  readonly instance?: number;
  /** The logs of this side target instead of the target. */
  readonly sideTarget?: string;
  /** Colour the prefixes (stdout is a terminal). */
  readonly coloured: boolean;
  /** While following, lines are held this long to be put in time order (default 250 ms). */
  readonly windowMs?: number;
}

/** What a logs run is about, shared by the one-shot read and the follower. */
export interface LogsScope {
  readonly filter: InstanceFilter;
  readonly matchesColour: (container: Pick<ContainerInfo, 'color'>) => boolean;
  readonly engines: readonly DockerEngine[];
  readonly formatter: LogFormatter;
}

/**
 * `docker-flow logs`: the output of every matching instance on every host, read through the Engine
 * API, in time order, each line prefixed `host instance |`. A host that does not answer is named
 * once and the others are shown. With `follow`, see followLogs.
 */
export async function logsFlow(ctx: FlowContext, request: LogsRequest): Promise<void> {
  const project = ctx.options.project;
  const target = request.sideTarget ?? requireTarget(ctx.options);
  const side = request.sideTarget !== undefined;
  const filter: InstanceFilter = { project, target, side, ...(request.node === undefined ? {} : { host: request.node }), ...(request.instance === undefined ? {} : { number: request.instance }) };
  const reached = await selectEngines(ctx, request.node, project, 'showing the logs of the others');
  const live = side ? undefined : (await ctx.store.read(serviceName(project, target), ctx.signal)).state.color;
  const scope: LogsScope = { filter, matchesColour: logColourMatches(request.colour, live, side), engines: reached.engines, formatter: new LogFormatter(request.coloured) };
  const chosen = chosenInstances(reached, scope, request.follow);
  for (const c of chosen) scope.formatter.know(c.host, instanceLabel(c.name, project));
  if (request.follow) {
    await followLogs(ctx, request, scope, chosen);
    return;
  }
  if (chosen.length === 0) throw nothingToShow(filter, request.colour, live, reached);
  const entries: LogEntry[] = [];
  await Promise.all(chosen.map(async (c) => {
    const engine = reached.engines.find((e) => e.host.name === c.host);
    if (engine === undefined) return;
    await readContainerLog(ctx, engine, c, project, { follow: false, ...(request.sinceSec === undefined ? {} : { sinceSec: request.sinceSec }), ...(request.tail === undefined ? {} : { tail: request.tail }) }, (entry) => entries.push(entry));
  }));
  for (const entry of sortLogEntries(entries)) ctx.print(scope.formatter.format(entry));
}

/** The instances to show: filtered and of the chosen colour; while following, only running ones (stopped ones have said all). */
function chosenInstances(reached: ReachedHosts, scope: LogsScope, follow: boolean): readonly ContainerInfo[] {
  return filterInstances(reached.containers, scope.filter).filter(scope.matchesColour).filter((c) => !follow || c.state === 'running');
}

function nothingToShow(filter: InstanceFilter, colour: LogColour, live: string | undefined, reached: ReachedHosts): ConfigError {
  const colourText = filter.side ? '' : colour === 'live' ? (live === undefined ? '' : ` of the live colour ${live}`) : colour === 'all' ? '' : ` of colour ${colour}`;
  const where = [filter.host === undefined ? '' : ` on ${filter.host}`, filter.number === undefined ? '' : ` with number ${filter.number}`].join('');
  const others = reached.containers.filter((c) => c.project === filter.project && c.target === filter.target && c.role === (filter.side ? 'side' : 'target'));
  const seen = others.length === 0 ? 'none runs on the hosts that answered' : `there are ${others.map((c) => `${c.name} on ${c.host}`).join(', ')}`;
  return new ConfigError(filter.side ? '--side-target' : '--target', `no instance of ${filter.side ? 'side target ' : ''}${filter.project}-${filter.target}${colourText}${where}: ${seen}`, {
    hint: 'docker-flow status shows the instances; --colour all shows every colour, --follow waits for instances to start',
  });
}
