import { requireTarget } from '../config/load-options';
import type { ReleaseRecord } from '../domain/records';
import { serviceName } from '../domain/names';
import type { FlowContext } from './flow-context';

/** `docker-flow releases`: the release history of the target, newest first. */
export async function listReleases(ctx: FlowContext): Promise<readonly ReleaseRecord[]> {
  const service = serviceName(ctx.options.project, requireTarget(ctx.options));
  return (await ctx.store.read(service, ctx.signal)).releases;
}

export function formatReleases(releases: readonly ReleaseRecord[]): readonly string[] {
  if (releases.length === 0) return ['no releases recorded'];
  return releases.map((r) => {
    const images = Object.values(r.images).map((i) => i.image).join(', ');
    const colours = r.color === undefined ? '' : ` ${r.previousColor ?? '-'}→${r.color}`;
    const rollback = r.rollbackTo === undefined ? '' : ` (rollback to #${r.rollbackTo})`;
    return `#${r.number}  ${r.startedAt}  ${r.result.padEnd(11)}${colours}  scale ${r.scale}  ${images}  by ${r.who}${rollback}${r.error === undefined ? '' : `\n      ${r.error}`}`;
  });
}
