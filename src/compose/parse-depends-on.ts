import type { DependencyCondition } from '../domain/service-spec';
import type { ComposeLocation } from './compose-location';
import { describeValue, expectBoolean, expectMap, expectString, isRawMap } from './raw-value';
import type { NamedReference } from './service-layer';

/**
 * A `depends_on` entry with where it was written, and the settings as written: the short syntax
 * writes condition service_started and required true; a long entry only what it gives, so that
 * several files merge it key by key (compose-go's mergeDependsOn). Defaults fill in once merged.
 */
export interface DependencyReference extends NamedReference {
  readonly condition?: DependencyCondition;
  readonly required?: boolean;
}

const conditions: readonly DependencyCondition[] = ['service_started', 'service_healthy', 'service_completed_successfully'];
const accepted = 'write a list of service names, or a map of service name to {condition: service_started | service_healthy | service_completed_successfully, required: true | false}';

/**
 * `depends_on:` in the short (`[db]`: service_started, required) and long syntax.
 * `required: false` makes the side target's readiness a warning instead of a failure (as Compose).
 * `restart: true` asks Compose to restart the dependent after Compose updates (recreates) the
 * dependency; docker-flow never recreates or restarts a running side target, and every deploy
 * starts the target anew after its dependencies are ready, so there is no update for it to
 * follow: it is checked (true or false) and holds by construction.
 */
export function parseDependsOn(value: unknown, where: ComposeLocation): DependencyReference[] {
  if (Array.isArray(value)) {
    return value.map((item: unknown, index) => ({ name: expectString(item, where.item(index), accepted), where: where.item(index), condition: 'service_started', required: true }));
  }
  if (!isRawMap(value)) throw where.error(`must be a list or a map, found ${describeValue(value)}`, accepted);
  return Object.entries(value).map(([name, raw]) => {
    const at = where.child(name);
    if (raw === null || raw === undefined) return { name, where: at };
    const map = expectMap(raw, at, accepted);
    const unknown = Object.keys(map).find((key) => !['condition', 'required', 'restart'].includes(key));
    if (unknown !== undefined) throw at.child(unknown).error('is not a key of a depends_on entry', 'use condition, required and restart');
    const text = map['condition'] === undefined || map['condition'] === null ? undefined : expectString(map['condition'], at.child('condition'), accepted);
    const condition = conditions.find((c) => c === text);
    if (text !== undefined && condition === undefined) throw at.child('condition').error(`"${text}" is not a depends_on condition`, `use ${conditions.join(', ')}`);
    if (map['restart'] !== undefined && map['restart'] !== null) expectBoolean(map['restart'], at.child('restart'));
    const required = map['required'] === undefined || map['required'] === null ? undefined : expectBoolean(map['required'], at.child('required'));
    return { name, where: at, ...(condition === undefined ? {} : { condition }), ...(required === undefined ? {} : { required }) };
  });
}
