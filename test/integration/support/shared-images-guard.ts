import { localDocker } from './local-docker';

/**
 * The test images every file shares (docker-flow-demo:*, docker-flow-haproxy:*, ...). A test that
 * removes one (a docker-flow child run with image retention on, a cleanup too wide) breaks every
 * later test with "no such image"; this names the test that did it, where it happened.
 */
export async function sharedTestImages(): Promise<ReadonlySet<string>> {
  const images = await localDocker().listImages({ filters: { label: ['io.docker-flow.recipe'] } });
  // registry copies (127.0.0.1:5000/...) belong to the tests that push them, and may be removed by them
  return new Set(images.flatMap((image) => image.RepoTags ?? []).filter((ref) => !ref.includes('/')));
}

/** Throws naming the images of `before` that are gone now, and why that matters. */
export async function assertSharedImagesKept(before: ReadonlySet<string>, test: string): Promise<void> {
  const now = await sharedTestImages();
  const gone = [...before].filter((ref) => !now.has(ref));
  if (gone.length === 0) return;
  throw new Error(
    `"${test}" removed the shared test images ${gone.join(', ')}; every later test needs them. ` +
      'A docker-flow child must start with image retention off (childEnvironment in test/integration/support/run-cli.ts), ' +
      'and a cleanup must remove only what its own test created; scripts/build-images.sh builds them again',
  );
}
