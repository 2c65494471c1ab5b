import type { Color } from './color';
import type { ContainerInfo } from './container';
import type { ReleaseRecord } from './records';

/** What a release left `in-progress` by a docker-flow that stopped becomes, and why. */
export type SettledRelease =
  | { readonly result: 'succeeded'; readonly why: string }
  | { readonly result: 'failed'; readonly why: string };

/**
 * The commit point of a release is its colour record (blue-green) or, for a rolling deploy, the
 * moment every instance is of the new release. A release still recorded in progress (its docker-flow
 * stopped, or could not write the result after the commit) is settled as succeeded when that point
 * was passed: the stored colour is its colour and every running target instance of that colour
 * carries its release number (at least one runs); without a colour, every running target instance
 * carries its release number. A rollback that restarted kept containers runs instances of the
 * release it restored (`rollbackTo`): they count as its own. Otherwise it never went live and is
 * recorded as failed (abandoned).
 * `instances`: the target's instances (role target) on the hosts that answered. Pure.
 */
export function settleInProgress(record: ReleaseRecord, storedColor: Color | undefined, instances: readonly ContainerInfo[]): SettledRelease {
  const running = instances.filter((c) => c.state === 'running' && c.color === record.color);
  const own = new Set([record.number, ...(record.rollbackTo === undefined ? [] : [record.rollbackTo])]);
  const ours = running.length > 0 && running.every((c) => c.release !== undefined && own.has(c.release));
  if (record.color !== undefined && storedColor !== record.color) {
    return { result: 'failed', why: `abandoned: ${storedColor ?? 'no colour'} is the live colour, not ${record.color}` };
  }
  if (!ours) return { result: 'failed', why: `abandoned: the running ${record.color === undefined ? '' : `${record.color} `}instances are not of release ${record.number}` };
  return {
    result: 'succeeded',
    why: record.color === undefined ? `every running instance is of release ${record.number}` : `${record.color} is the live colour and its instances are of release ${record.number}`,
  };
}
