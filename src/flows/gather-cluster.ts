import type { DockerEngine } from '../ports/docker-engine';
import type { ClusterView } from '../domain/cluster-view';
import type { ContainerInfo } from '../domain/container';
import type { HostSpec } from '../domain/host';
import { flowLabel } from '../domain/labels';
import { ConfigError, DockerFlowError, messageOf, UnreachableError } from '../errors';

/** The cluster as read, with the error of every host that did not answer (for messages and hints). */
export interface GatheredCluster {
  readonly view: ClusterView;
  readonly failures: readonly { readonly host: string; readonly error: unknown }[];
}

/**
 * Reads every host at once: the project's containers, the container count, and which of `images`
 * are present. A host that does not answer is reported in `unreachable`, not thrown, so the
 * planner can place on the others (or refuse) and the user sees every host's problem. A host whose
 * TLS files are unusable is bad input, not an absent host: that ConfigError is thrown.
 */
export async function readCluster(engines: ReadonlyMap<string, DockerEngine>, project: string, images: readonly string[], signal: AbortSignal): Promise<GatheredCluster> {
  const engineList = [...engines.values()];
  const results = await Promise.allSettled(
    engineList.map(async (engine) => {
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
  const failures: { host: string; error: unknown }[] = [];
  const containers: ContainerInfo[] = [];
  const totals = new Map<string, number>();
  const present = new Map<string, ReadonlySet<string>>();
  results.forEach((result, i) => {
    const host = engineList[i]?.host;
    if (host === undefined) return;
    if (result.status === 'rejected') {
      if (signal.aborted || result.reason instanceof ConfigError) throw result.reason;
      failures.push({ host: host.name, error: result.reason });
      return;
    }
    hosts.push(host);
    containers.push(...result.value.mine);
    totals.set(host.name, result.value.total);
    present.set(host.name, result.value.present);
  });
  const unreachable = failures.map((f) => ({ host: f.host, reason: messageOf(f.error) }));
  return { view: { hosts, unreachable, containers, totals, images: present }, failures };
}

/** `readCluster` without the errors (status shows each silent host with its reason). */
export async function gatherCluster(engines: ReadonlyMap<string, DockerEngine>, project: string, images: readonly string[], signal: AbortSignal): Promise<ClusterView> {
  return (await readCluster(engines, project, images, signal)).view;
}

/**
 * When no host answers there is nothing to plan on. One host: its own error (message, hint, exit
 * code). Several: one error naming every host and why, with each distinct hint.
 */
export function requireSomeHost(gathered: GatheredCluster): void {
  if (gathered.view.hosts.length > 0) return;
  const [only, ...others] = gathered.failures;
  if (only !== undefined && others.length === 0 && only.error instanceof DockerFlowError) throw only.error;
  const hints = [...new Set(gathered.failures.map((f) => (f.error instanceof DockerFlowError ? f.error.hint : undefined)).filter((h): h is string => h !== undefined))];
  throw new UnreachableError(`no Docker host answered: ${gathered.view.unreachable.map((u) => `${u.host}: ${u.reason}`).join('; ')}`, {
    hint: hints.length > 0 ? hints.join('; ') : 'check that dockerd runs on each host and that --host / hosts: name the right endpoints',
    ...(only === undefined ? {} : { cause: only.error }),
  });
}
