import type { DockerEngine } from '../../../src/ports/docker-engine';
import type { ContainerInfo } from '../../../src/domain/container';
import type { HostSpec } from '../../../src/domain/host';

/**
 * A DockerEngine for unit tests of code above the adapter: `listContainers` answers `containers`
 * (or throws `fails`), `hasImage` answers from `images`; every other call is a test bug.
 */
export function fakeEngine(host: HostSpec, o: { readonly containers?: readonly ContainerInfo[]; readonly images?: readonly string[]; readonly fails?: Error } = {}): DockerEngine {
  const unexpected = (what: string) => (): Promise<never> => Promise.reject(new Error(`fakeEngine(${host.name}): ${what} was not expected in this test`));
  const answer = <T>(value: T): Promise<T> => {
    if (o.fails !== undefined) return Promise.reject(o.fails);
    return Promise.resolve(value);
  };
  return {
    host,
    ping: async () => answer(undefined),
    listContainers: async (labels) =>
      answer((o.containers ?? []).filter((c) => Object.entries(labels).every(([key, value]) => (value === true ? key in c.labels : c.labels[key] === value)))),
    inspectContainer: unexpected('inspectContainer'),
    hasImage: async (ref) => answer((o.images ?? []).includes(ref)),
    pullImage: unexpected('pullImage'),
    inspectImage: unexpected('inspectImage'),
    inspectNetwork: unexpected('inspectNetwork'),
    createNetwork: unexpected('createNetwork'),
    inspectVolume: unexpected('inspectVolume'),
    createVolume: unexpected('createVolume'),
    createContainer: unexpected('createContainer'),
    startContainer: unexpected('startContainer'),
    stopContainer: unexpected('stopContainer'),
    removeContainer: unexpected('removeContainer'),
    killContainer: unexpected('killContainer'),
    putArchive: unexpected('putArchive'),
    exec: unexpected('exec'),
    runOnce: unexpected('runOnce'),
    containerLogs: unexpected('containerLogs'),
    execAttached: unexpected('execAttached'),
    runAttached: unexpected('runAttached'),
    events: () => ({
      [Symbol.asyncIterator]: () => ({ next: unexpected('events') }),
    }),
    listImages: unexpected('listImages'),
    removeImage: unexpected('removeImage'),
  };
}
