import type { DockerEngine } from '../adapters/docker/docker-engine';
import type { ClusterView } from '../domain/cluster-view';
import type { ContainerInfo } from '../domain/container';
import type { HostSpec } from '../domain/host';
import { flowLabel } from '../domain/labels';
import { UnreachableError } from '../errors';

/**
 * Reads every host at once: the project's containers, the container count, and which of `images`
 * are present. A host that does not answer is reported in `unreachable`, not thrown, so the
 * planner can place on the others (or refuse) and the user sees every host's problem.
 */
export async function gatherCluster(
  engines: ReadonlyMap<string, DockerEngine>,
  project: string,
  images: readonly string[],
  signal: AbortSignal,
): Promise<ClusterView> {
  const results = await Promise.allSettled(
    [...engines.values()].map(async (engine) => {
      const [mine, all] = await Promise.all([
        engine.listContainers({ [flowLabel.project]: project }, signal),
        engine.listContainers({}, signal),
      ]);
      const present = new Set<string>();
      // images of the compose file and of the running release (scale keeps the live image)
      for (const image of new Set([...images, ...mine.map((c) => c.image)])) if (await engine.hasImage(image, signal)) present.add(image);
      return { host: engine.host, mine, total: all.length, present };
    }),
  );
  const hosts: HostSpec[] = [];
  const unreachable: { host: string; reason: string }[] = [];
  const containers: ContainerInfo[] = [];
  const totals = new Map<string, number>();
  const present = new Map<string, ReadonlySet<string>>();
  const engineList = [...engines.values()];
  results.forEach((result, i) => {
    const host = engineList[i]?.host;
    if (host === undefined) return;
    if (result.status === 'rejected') {
      if (signal.aborted) throw result.reason;
      unreachable.push({ host: host.name, reason: result.reason instanceof Error ? result.reason.message : String(result.reason) });
      return;
    }
    hosts.push(host);
    containers.push(...result.value.mine);
    totals.set(host.name, result.value.total);
    present.set(host.name, result.value.present);
  });
  return { hosts, unreachable, containers, totals, images: present };
}

/** When no host answers there is nothing to plan on: one error naming every host and why. */
export function requireSomeHost(view: ClusterView): void {
  if (view.hosts.length > 0) return;
  throw new UnreachableError(`no Docker host answered: ${view.unreachable.map((u) => `${u.host}: ${u.reason}`).join('; ')}`, {
    hint: 'check that dockerd runs on each host and that --host / hosts: name the right endpoints',
  });
}
