import Dockerode from 'dockerode';

/** Raw client for snapshots and clean-up only; the code under test is the CLI. */
export const docker = new Dockerode({ socketPath: '/var/run/docker.sock' });

/**
 * What the engine holds that belongs to a project: every container, network and volume whose name
 * or any label value contains `project` (so a proxy container or a network named some other way is
 * still seen). Sorted lines such as `container /badin-3-x_app_1 running docker-flow-demo:v1`.
 */
export async function snapshotEngine(project: string): Promise<readonly string[]> {
  const [containers, networks, volumes] = await Promise.all([
    docker.listContainers({ all: true }),
    docker.listNetworks(),
    docker.listVolumes(),
  ]);
  const mentions = (name: string, labels: Readonly<Record<string, string>> | null | undefined): boolean =>
    name.includes(project) || Object.values(labels ?? {}).some((value) => value.includes(project));
  const lines = [
    ...containers.filter((c) => mentions(c.Names.join(','), c.Labels)).map((c) => `container ${c.Names.join(',')} ${c.State} ${c.Image}`),
    ...networks.filter((n) => mentions(n.Name, n.Labels)).map((n) => `network ${n.Name} ${n.Driver}`),
    ...(volumes.Volumes ?? []).filter((v) => mentions(v.Name, v.Labels)).map((v) => `volume ${v.Name} ${v.Driver}`),
  ];
  return lines.sort();
}

/** Removes what a case left behind (only when a case failed to refuse its input). */
export async function removeProjectResources(project: string): Promise<void> {
  const containers = await docker.listContainers({ all: true });
  const mine = containers.filter((c) => c.Names.some((name) => name.includes(project)) || Object.values(c.Labels).some((value) => value.includes(project)));
  await Promise.all(mine.map(async (c) => {
    await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
  }));
  const networks = await docker.listNetworks();
  await Promise.all(networks.filter((n) => n.Name.includes(project)).map(async (n) => {
    await docker.getNetwork(n.Id).remove().catch(() => undefined);
  }));
  const volumes = (await docker.listVolumes()).Volumes ?? [];
  await Promise.all(volumes.filter((v) => v.Name.includes(project)).map(async (v) => {
    await docker.getVolume(v.Name).remove().catch(() => undefined);
  }));
}
