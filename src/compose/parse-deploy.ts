import type { RuntimeSettings } from '../domain/runtime-settings';
import { maxInstances } from '../domain/scale';
import type { KeyNote } from '../domain/service-spec';
import type { ComposeLocation } from './compose-location';
import { parseSizeBytes } from './parse-mount-options';
import { expectInteger, expectList, expectMap, expectString, isRawMap } from './raw-value';
import { parseCpus } from './runtime-keys';
import { deployNote, refusePolicy, warnPolicy } from './service-key-policy';

export interface DeployLayer {
  readonly replicas?: number;
  readonly constraints: readonly string[];
  readonly maxReplicasPerNode?: number;
  /** deploy.resources as container settings (limits: cpus, memory, pids; reservations: memory). */
  readonly resources?: RuntimeSettings;
  readonly notes: readonly KeyNote[];
}

const deployKeys = ['endpoint_mode', 'labels', 'mode', 'placement', 'replicas', 'resources', 'restart_policy', 'rollback_config', 'update_config'];

/** `deploy.replicas` / `scale` within bounds. */
export function checkReplicas(count: number, where: ComposeLocation): number {
  if (count <= maxInstances) return count;
  throw where.error(`${count} is more instances than docker-flow starts at once; accepted: at most ${maxInstances}`, `write a count from 0 to ${maxInstances}`);
}

const constraintPattern = /^\s*[A-Za-z0-9_.-]+\s*(?:==|!=)\s*\S/;
const acceptedConstraint = 'write constraints like "node.hostname == h2", "node.labels.zone != a" (an attribute, == or !=, a value)';

/**
 * `deploy:` — replicas, placement.constraints and placement.max_replicas_per_node place the
 * instances; resources become container settings as docker/compose sets them (getDeployResources);
 * the Swarm-only keys are refused or warned about (see deployNotes).
 */
export function parseDeploy(value: unknown, where: ComposeLocation): DeployLayer {
  if (value === null) return { constraints: [], notes: [] };
  const deploy = expectMap(value, where, 'write deploy as a map (replicas, placement, ...)');
  const unknown = Object.keys(deploy).find((key) => !deployKeys.includes(key));
  if (unknown !== undefined) throw where.child(unknown).error('is not a key of deploy', `deploy keys are ${deployKeys.join(', ')}`);
  const replicas = deploy['replicas'] === undefined ? undefined : checkReplicas(expectInteger(deploy['replicas'], where.child('replicas'), 0), where.child('replicas'));
  const placementWhere = where.child('placement');
  const placement = deploy['placement'] === undefined || deploy['placement'] === null ? {} : expectMap(deploy['placement'], placementWhere, 'write placement as a map with constraints and max_replicas_per_node');
  const constraintsWhere = placementWhere.child('constraints');
  const constraints = placement['constraints'] === undefined ? [] : expectList(placement['constraints'], constraintsWhere, acceptedConstraint).map((item, index) => {
    const text = expectString(item, constraintsWhere.item(index), acceptedConstraint);
    if (!constraintPattern.test(text)) throw constraintsWhere.item(index).error(`"${text}" is not a placement constraint`, acceptedConstraint);
    return text.trim();
  });
  const maxWhere = placementWhere.child('max_replicas_per_node');
  const maxReplicasPerNode = placement['max_replicas_per_node'] === undefined ? undefined : expectInteger(placement['max_replicas_per_node'], maxWhere, 1);
  const resources = deploy['resources'] === undefined || deploy['resources'] === null ? undefined : parseResources(deploy['resources'], where.child('resources'));
  return {
    ...(replicas === undefined ? {} : { replicas }),
    constraints,
    ...(maxReplicasPerNode === undefined ? {} : { maxReplicasPerNode }),
    ...(resources === undefined ? {} : { resources: resources.settings }),
    notes: [...deployNotes(deploy, placement, where), ...(resources?.notes ?? [])],
  };
}

/** The Swarm keys of deploy: what a container deploy cannot do is refused, what changes nothing here is warned about. */
function deployNotes(deploy: Readonly<Record<string, unknown>>, placement: Readonly<Record<string, unknown>>, where: ComposeLocation): KeyNote[] {
  const notes: KeyNote[] = [];
  const mode = deploy['mode'];
  if (mode !== undefined && mode !== null && mode !== 'replicated') {
    notes.push(deployNote('mode', where.child('mode'), refusePolicy(`${JSON.stringify(mode)} is not supported: docker-flow runs the number of instances scale, replicas or --scale say`, 'remove mode (replicated is what docker-flow does), or use placement.max_replicas_per_node: 1 with a scale of the number of hosts')));
  }
  if (deploy['restart_policy'] !== undefined && deploy['restart_policy'] !== null) {
    notes.push(deployNote('restart_policy', where.child('restart_policy'), refusePolicy('is not carried to the containers', 'write restart: (no, always, on-failure[:N], unless-stopped) on the service instead')));
  }
  for (const key of ['update_config', 'rollback_config']) {
    if (deploy[key] !== undefined && deploy[key] !== null) notes.push(deployNote(key, where.child(key), warnPolicy('is not used: docker-flow replaces instances by its own blue-green deploy (--blue-green) or rolling deploy', `nothing to do; remove ${key} to silence this warning`)));
  }
  if (deploy['endpoint_mode'] !== undefined && deploy['endpoint_mode'] !== null) notes.push(deployNote('endpoint_mode', where.child('endpoint_mode'), warnPolicy('is not used: the proxy reaches every instance itself', 'nothing to do; remove endpoint_mode to silence this warning')));
  if (deploy['labels'] !== undefined && deploy['labels'] !== null) notes.push(deployNote('labels', where.child('labels'), warnPolicy('is not used: these are labels of a Swarm service, which docker-flow does not create (labels: on the service label each container)', 'move them to the service\'s labels: if the containers should carry them')));
  const unknownPlacement = Object.keys(placement).filter((key) => key !== 'constraints' && key !== 'max_replicas_per_node');
  for (const key of unknownPlacement) {
    notes.push(deployNote(`placement.${key}`, where.child('placement').child(key), key === 'preferences'
      ? warnPolicy('is not used: docker-flow spreads instances over the hosts that satisfy the constraints', 'nothing to do; remove preferences to silence this warning')
      : refusePolicy('is not a placement key docker-flow knows', 'placement takes constraints and max_replicas_per_node')));
  }
  return notes;
}

/** deploy.resources → container settings, as docker/compose's setLimits / setReservations. */
function parseResources(value: unknown, where: ComposeLocation): { readonly settings: RuntimeSettings; readonly notes: readonly KeyNote[] } {
  const accepted = 'write resources:\n  limits: {cpus: "0.5", memory: 256m, pids: 100}\n  reservations: {memory: 128m}';
  const resources = expectMap(value, where, accepted);
  const unknown = Object.keys(resources).find((key) => key !== 'limits' && key !== 'reservations');
  if (unknown !== undefined) throw where.child(unknown).error('is not a key of resources', accepted);
  const section = (key: string, known: readonly string[]): Readonly<Record<string, unknown>> => {
    const raw = resources[key];
    if (raw === undefined || raw === null) return {};
    const map = expectMap(raw, where.child(key), accepted);
    const other = Object.keys(map).find((k) => !known.includes(k));
    if (other !== undefined) throw where.child(key).child(other).error(`is not a key of resources.${key}`, accepted);
    return map;
  };
  const limits = section('limits', ['cpus', 'memory', 'pids']);
  const reservations = section('reservations', ['cpus', 'memory', 'devices', 'generic_resources']);
  const limitsAt = where.child('limits');
  const reservationsAt = where.child('reservations');
  const notes: KeyNote[] = [];
  if (reservations['cpus'] !== undefined && reservations['cpus'] !== null) {
    notes.push(deployNote('resources.reservations.cpus', reservationsAt.child('cpus'), warnPolicy('is not used: a CPU reservation is a Swarm scheduling hint with no container setting (docker compose ignores it too)', 'nothing to do; use cpus: or resources.limits.cpus to limit the CPUs')));
  }
  for (const key of ['devices', 'generic_resources']) {
    if (reservations[key] !== undefined && reservations[key] !== null) {
      notes.push(deployNote(`resources.reservations.${key}`, reservationsAt.child(key), refusePolicy('is not supported: docker-flow does not request devices (GPUs) from the engine', `remove resources.reservations.${key}`)));
    }
  }
  const present = (map: Readonly<Record<string, unknown>>, key: string): boolean => map[key] !== undefined && map[key] !== null && !isRawMap(map[key]);
  return {
    settings: {
      ...(present(limits, 'cpus') ? { nanoCpus: parseCpus(limits['cpus'], limitsAt.child('cpus')) } : {}),
      ...(present(limits, 'memory') ? { memLimitBytes: parseSizeBytes(limits['memory'], limitsAt.child('memory')) } : {}),
      ...(present(limits, 'pids') ? { pidsLimit: expectInteger(limits['pids'], limitsAt.child('pids'), 0) } : {}),
      ...(present(reservations, 'memory') ? { memReservationBytes: parseSizeBytes(reservations['memory'], reservationsAt.child('memory')) } : {}),
    },
    notes,
  };
}
