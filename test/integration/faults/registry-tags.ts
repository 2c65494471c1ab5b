import { localDocker } from '../support/local-docker';
import { ensureRegistry, pushToRegistry, registryAddress } from '../support/test-registry';

/**
 * Pushes local test images to the registry as `<repository>:<tag>` and drops the local tags, so a
 * deploy of that tag must pull it (each tag once: the pull step happens in the run that uses it).
 * Returns the image name without tag (`127.0.0.1:5000/<repository>`).
 */
export async function pushPullableTags(repository: string, tags: Readonly<Record<string, string>>): Promise<string> {
  await ensureRegistry();
  for (const [tag, source] of Object.entries(tags)) await pushToRegistry(source, repository, tag);
  await removeLocalTags(repository);
  return `${registryAddress}/${repository}`;
}

/** Removes every local tag of `127.0.0.1:5000/<repository>` (the images keep their other tags). */
export async function removeLocalTags(repository: string): Promise<void> {
  const docker = localDocker();
  const name = `${registryAddress}/${repository}`;
  const images = await docker.listImages({ filters: { reference: [`${name}:*`] } });
  for (const image of images) {
    for (const tag of image.RepoTags ?? []) if (tag.startsWith(`${name}:`)) await docker.getImage(tag).remove().catch(() => undefined);
  }
}
