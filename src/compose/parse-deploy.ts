import { maxInstances } from '../domain/scale';
import type { ComposeLocation } from './compose-location';
import { expectInteger, expectList, expectMap, expectString } from './raw-value';

export interface DeployLayer {
  readonly replicas?: number;
  readonly constraints: readonly string[];
  readonly maxReplicasPerNode?: number;
}

/** `deploy.replicas` / `scale` within bounds. */
export function checkReplicas(count: number, where: ComposeLocation): number {
  if (count <= maxInstances) return count;
  throw where.error(`${count} is more instances than docker-flow starts at once; accepted: at most ${maxInstances}`, `write a count from 0 to ${maxInstances}`);
}

const constraintPattern = /^\s*[A-Za-z0-9_.-]+\s*(?:==|!=)\s*\S/;
const acceptedConstraint = 'write constraints like "node.hostname == h2", "node.labels.zone != a" (an attribute, == or !=, a value)';

/**
 * The parts of `deploy:` docker-flow uses: replicas, placement.constraints and
 * placement.max_replicas_per_node. The rest (resources, update_config, ...) is ignored.
 */
export function parseDeploy(value: unknown, where: ComposeLocation): DeployLayer {
  if (value === null) return { constraints: [] };
  const deploy = expectMap(value, where, 'write deploy as a map (replicas, placement, ...)');
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
  return {
    ...(replicas === undefined ? {} : { replicas }),
    constraints,
    ...(maxReplicasPerNode === undefined ? {} : { maxReplicasPerNode }),
  };
}
