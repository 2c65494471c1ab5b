import { ConfigError } from '../errors';
import type { HostSpec } from './host';
import type { PlacementSpec } from './service-spec';

export interface HostLoad {
  /** Instances of the service being placed already on the host (that stay). */
  readonly service: number;
  /** All containers on the host. */
  readonly total: number;
}

interface Constraint {
  readonly field: string;
  readonly op: '==' | '!=';
  readonly value: string;
  readonly text: string;
}

const constraintPattern = /^\s*(node\.hostname|node\.labels\.[A-Za-z0-9_.-]+)\s*(==|!=)\s*(\S+)\s*$/;

export function parseConstraint(text: string, key: string): Constraint {
  const match = constraintPattern.exec(text);
  if (match === null) {
    throw new ConfigError(key, `constraint "${text}" is not understood`, {
      hint: 'use node.hostname == <host name> or node.labels.<label> == <value> (or !=)',
    });
  }
  const [, field = '', op = '==', value = ''] = match;
  return { field, op: op === '!=' ? '!=' : '==', value, text };
}

function hostValue(host: HostSpec, field: string): string | undefined {
  if (field === 'node.hostname') return host.name;
  return host.labels[field.slice('node.labels.'.length)];
}

/** Hosts that satisfy every constraint, in name order. */
export function eligibleHosts(hosts: readonly HostSpec[], placement: PlacementSpec, key: string): readonly HostSpec[] {
  const constraints = placement.constraints.map((text) => parseConstraint(text, key));
  return [...hosts]
    .filter((host) => constraints.every((c) => (hostValue(host, c.field) === c.value) === (c.op === '==')))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Where `count` new instances go: each to the eligible host with the fewest instances of this
 * service, then the fewest containers in all, then the first by name; never more than
 * max_replicas_per_node on one host. Deterministic for the same input.
 */
export function placeInstances(
  hosts: readonly HostSpec[],
  placement: PlacementSpec,
  load: ReadonlyMap<string, HostLoad>,
  count: number,
  key: string,
): readonly string[] {
  const eligible = eligibleHosts(hosts, placement, key);
  if (eligible.length === 0) {
    throw new ConfigError(key, `no host satisfies the placement constraints (${placement.constraints.join(', ')})`, {
      hint: `hosts are ${hosts.map((h) => `${h.name} ${JSON.stringify(h.labels)}`).join('; ')}; change the constraints or the host labels`,
    });
  }
  const counts = new Map(eligible.map((h) => [h.name, { service: load.get(h.name)?.service ?? 0, total: load.get(h.name)?.total ?? 0 }]));
  const max = placement.maxReplicasPerNode ?? Number.POSITIVE_INFINITY;
  const placed: string[] = [];
  for (let i = 0; i < count; i += 1) {
    let best: { name: string; service: number; total: number } | undefined;
    for (const host of eligible) {
      const c = counts.get(host.name) ?? { service: 0, total: 0 };
      if (c.service >= max) continue;
      if (best === undefined || c.service < best.service || (c.service === best.service && c.total < best.total)) best = { name: host.name, ...c };
    }
    if (best === undefined) {
      throw new ConfigError(key, `${count} instances do not fit: max_replicas_per_node is ${max} on ${eligible.length} eligible host(s)`, {
        hint: 'lower the scale, raise deploy.placement.max_replicas_per_node, or add hosts',
      });
    }
    placed.push(best.name);
    counts.set(best.name, { service: best.service + 1, total: best.total + 1 });
  }
  return placed;
}

/**
 * Which instances to remove when scaling down by `count`: always from the host with the most
 * instances of the service, the highest container number first.
 */
export function pickVictims<T extends { readonly host: string; readonly number?: number }>(instances: readonly T[], count: number): readonly T[] {
  const remaining = [...instances];
  const victims: T[] = [];
  for (let i = 0; i < count && remaining.length > 0; i += 1) {
    const perHost = new Map<string, number>();
    for (const inst of remaining) perHost.set(inst.host, (perHost.get(inst.host) ?? 0) + 1);
    const victim = [...remaining].sort(
      (a, b) => (perHost.get(b.host) ?? 0) - (perHost.get(a.host) ?? 0) || b.host.localeCompare(a.host) || (b.number ?? 0) - (a.number ?? 0),
    )[0];
    if (victim === undefined) break;
    victims.push(victim);
    remaining.splice(remaining.indexOf(victim), 1);
  }
  return victims;
}
