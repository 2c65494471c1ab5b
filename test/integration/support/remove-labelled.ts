import type Docker from 'dockerode';
import { localDocker } from './local-docker';
import { messageOf } from '../../../src/errors';

/**
 * Removes every container (forced, with its anonymous volumes), then every network and volume
 * carrying the label `labelKey=value` on one engine (the local one unless given). Objects that
 * vanish meanwhile are fine; any other failure is reported after all removals were tried.
 */
export async function removeLabelled(labelKey: string, value: string, docker: Docker = localDocker()): Promise<void> {
  const filters = { label: [`${labelKey}=${value}`] };
  const failures: string[] = [];
  const settle = async (what: string, work: Promise<unknown>): Promise<void> => {
    try {
      await work;
    } catch (error) {
      if (!isGone(error)) failures.push(`${what}: ${messageOf(error)}`);
    }
  };
  const containers = await docker.listContainers({ all: true, filters });
  await Promise.all(containers.map((c) => settle(`container ${c.Names[0] ?? c.Id}`, docker.getContainer(c.Id).remove({ force: true, v: true }))));
  const networks = await docker.listNetworks({ filters });
  await Promise.all(networks.map((n) => settle(`network ${n.Name}`, docker.getNetwork(n.Id).remove())));
  const volumes = await docker.listVolumes({ filters });
  await Promise.all((volumes.Volumes ?? []).map((v) => settle(`volume ${v.Name}`, docker.getVolume(v.Name).remove())));
  if (failures.length > 0) {
    throw new Error(`removeLabelled ${labelKey}=${value} could not remove:\n  ${failures.join('\n  ')}`);
  }
}

/** 404: already gone; 409 "removal already in progress": another cleanup got there first. */
function isGone(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('statusCode' in error)) return false;
  const status = error.statusCode;
  return status === 404 || (status === 409 && error instanceof Error && /already in progress/.test(error.message));
}
