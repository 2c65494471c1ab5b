import { isUp } from './cluster-view';
import type { Color } from './color';
import type { ContainerInfo } from './container';
import { ConfigError } from '../errors';

/** `--colour` of `docker-flow logs`. */
export const logColours = ['live', 'blue', 'green', 'all'] as const;
export type LogColour = (typeof logColours)[number];

/** Which containers a day-two command is about: the target (or a side target), one host, one instance number. */
export interface InstanceFilter {
  readonly project: string;
  /** The target, or the side target when `side` is set. */
  readonly target: string;
  readonly side: boolean;
  /** `--node`: one host of the cluster. */
  readonly host?: string;
  /** `--instance`: the container number. */
  readonly number?: number;
}

/** The containers of the target (or side target) that pass the host and number filters, by host then number. */
export function filterInstances(containers: readonly ContainerInfo[], filter: InstanceFilter): readonly ContainerInfo[] {
  return containers
    .filter((c) => c.project === filter.project && c.target === filter.target && c.role === (filter.side ? 'side' : 'target'))
    .filter((c) => (filter.host === undefined || c.host === filter.host) && (filter.number === undefined || c.number === filter.number))
    .sort((a, b) => a.host.localeCompare(b.host) || (a.number ?? 0) - (b.number ?? 0) || a.name.localeCompare(b.name));
}

/**
 * The colours `logs --colour` shows: `live` is the live colour (every colour when none is
 * recorded, or for side targets), `all` every colour, else the one named.
 */
export function logColourMatches(colour: LogColour, live: Color | undefined, side: boolean): (container: Pick<ContainerInfo, 'color'>) => boolean {
  if (colour === 'all' || side || (colour === 'live' && live === undefined)) return () => true;
  const wanted = colour === 'live' ? live : colour;
  return (container) => container.color === wanted;
}

/**
 * The instance `docker-flow exec` runs in: a running instance of the live colour that passes the
 * filters, the first healthy one (or without a health check) by host and number, else the first
 * running one. None is bad input: the error says what was looked for and what runs.
 */
export function pickExecInstance(containers: readonly ContainerInfo[], filter: InstanceFilter, live: Color | undefined): ContainerInfo {
  const matching = filterInstances(containers, filter).filter((c) => filter.side || live === undefined || c.color === live);
  const running = matching.filter(isUp).filter((c) => c.state === 'running');
  const chosen = running.find((c) => c.health === 'healthy' || c.health === 'none') ?? running[0];
  if (chosen !== undefined) return chosen;
  const what = `${filter.side ? 'side target ' : ''}${filter.project}-${filter.target}${!filter.side && live !== undefined ? ` (live colour ${live})` : ''}`;
  const where = [filter.host === undefined ? '' : ` on ${filter.host}`, filter.number === undefined ? '' : ` with number ${filter.number}`].join('');
  const seen = matching.length === 0 ? 'no such container' : `only ${matching.map((c) => `${c.name} on ${c.host} (${c.state})`).join(', ')}`;
  throw new ConfigError(filter.side ? '--side-target' : '--target', `no running instance of ${what}${where}: ${seen}`, {
    hint: 'docker-flow status shows the instances and where they run; deploy (or pick another --node / --instance) first',
  });
}
