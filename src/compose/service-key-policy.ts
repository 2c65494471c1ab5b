import type { KeyNote } from '../domain/service-spec';
import type { ComposeLocation } from './compose-location';

/**
 * What docker-flow does with the Compose service keys it neither reads (parse-service.ts) nor
 * carries to the engine (runtime-keys.ts): refuse them (exit 2 with the reason and the fix) when
 * a deployed service uses them and docker-flow cannot honour them, or warn once when leaving them
 * out changes nothing that matters for a deploy. Nothing is dropped without a word. Notes are
 * raised only for the services docker-flow deploys (target and side targets), so another service
 * of the same file may keep keys docker-flow has no use for.
 */
interface Policy {
  readonly action: KeyNote['action'];
  readonly reason: string;
  readonly fix: string;
}

const refuse = (reason: string, fix: string): Policy => ({ action: 'refuse', reason, fix });
const warn = (reason: string, fix: string): Policy => ({ action: 'warn', reason, fix });
const windowsOnly = (key: string): Policy => refuse('applies to Windows containers only; docker-flow deploys to Linux engines', `remove ${key}`);

export const serviceKeyPolicies: Readonly<Record<string, Policy>> = {
  secrets: refuse('is not supported: docker-flow does not create or mount Compose secrets', 'mount the secret file with volumes: (- ./secret.txt:/run/secrets/name:ro), or pass it through environment:/env_file:'),
  configs: refuse('is not supported: docker-flow does not create or mount Compose configs', 'mount the file with volumes: (- ./app.conf:/etc/app.conf:ro)'),
  container_name: refuse('cannot be honoured: docker-flow runs several instances of a service (two colours in a blue-green deploy, scale) and names each one <project>_<service>-<colour>_<n>', 'remove container_name; other services reach it by its service name (a network alias of every instance), or add aliases under networks:'),
  mac_address: refuse('cannot be honoured: every instance of the service would get the same MAC address, and two colours run side by side', 'remove mac_address'),
  links: refuse('is not supported (a legacy option): docker-flow connects services through networks, where each reaches the others by service name', 'remove links; add an alias under networks.<name>.aliases where another name is needed'),
  external_links: refuse('is not supported (a legacy option)', 'connect the service to the other container\'s network (a top-level network with external: true) and use its name'),
  volumes_from: refuse('is not supported: instances of a blue-green deploy would share the volumes of one named container', 'mount the same named volume in both services with volumes:'),
  post_start: refuse('is not supported: docker-flow does not run lifecycle hooks', 'run the command from the image\'s entrypoint'),
  pre_start: refuse('is not supported: docker-flow does not run lifecycle hooks', 'run the command from the image\'s entrypoint'),
  pre_stop: refuse('is not supported: docker-flow does not run lifecycle hooks', 'handle the stop signal (stop_signal:, stop_grace_period:) in the application'),
  platform: refuse('is not supported: docker-flow creates containers from the image the engine has for its own platform', 'remove platform, or push an image (or a multi-platform index) for the hosts\' platform'),
  gpus: refuse('is not supported: docker-flow does not request GPUs from the engine', 'remove gpus'),
  models: refuse('is not supported: docker-flow does not run Docker Model Runner models', 'remove models'),
  provider: refuse('is not supported: a provider service is not a container docker-flow can deploy', 'deploy that service with Docker Compose'),
  use_api_socket: refuse('is not supported: docker-flow does not mount the Docker API socket into containers', 'mount it explicitly with volumes: (- /var/run/docker.sock:/var/run/docker.sock) if the service really needs it'),
  annotations: refuse('is not supported: the engines docker-flow talks to may predate container annotations (Engine API 1.43)', 'use labels: instead'),
  label_file: refuse('is not supported', 'write the labels under labels:'),
  blkio_config: refuse('is not supported: docker-flow does not set block IO weights or limits', 'remove blkio_config'),
  credential_spec: windowsOnly('credential_spec'),
  isolation: windowsOnly('isolation'),
  cpu_count: windowsOnly('cpu_count'),
  cpu_percent: windowsOnly('cpu_percent'),
  volume_driver: refuse('is not supported (a legacy option)', 'declare the volume at the top level with its driver: (volumes:\n  data:\n    driver: <driver>)'),
  net: refuse('is the version-1 form of network_mode', 'write network_mode: instead'),
  log_driver: refuse('is the version-2 form of logging', 'write logging:\n  driver: <driver>\n  options: {...}'),
  log_opt: refuse('is the version-2 form of logging.options', 'write logging:\n  driver: <driver>\n  options: {...}'),
  dockerfile: refuse('is not a service key docker-flow can use: docker-flow deploys images and does not build them', 'build and push the image, then write image:'),
  driver_opts: refuse('is not a service key: driver_opts belongs to a network or a volume', 'move it under the top-level networks.<name> or volumes.<name>'),
  profiles: warn('is not used: docker-flow deploys the target and side targets you name, whatever their profiles', 'nothing to do; remove profiles to silence this warning'),
  develop: warn('is not used: it configures `docker compose watch`, which docker-flow does not run', 'nothing to do; remove develop to silence this warning'),
  attach: warn('is not used: docker-flow does not attach to the logs of what it deploys (docker-flow logs reads them)', 'nothing to do; remove attach to silence this warning'),
  pull_policy: warn('is not used: docker-flow pulls the target\'s image on every host that lacks it (and side targets\' with --pull-side-targets)', 'nothing to do; remove pull_policy to silence this warning'),
  pull_refresh_after: warn('is not used: docker-flow pulls the target\'s image on every host that lacks it (and side targets\' with --pull-side-targets)', 'nothing to do; remove pull_refresh_after to silence this warning'),
};

/** A note for every key of `keys` that has a policy, at `where.child(key)`. */
export function keyNotes(keys: readonly string[], where: ComposeLocation): KeyNote[] {
  return keys.flatMap((key) => {
    const policy = serviceKeyPolicies[key];
    return policy === undefined ? [] : [{ key, at: where.child(key).key, ...policy }];
  });
}

/** `build:` beside `image:`: Compose would build and tag the image; docker-flow deploys the image as the hosts can pull it. */
export function buildNote(service: ComposeLocation, image: string): KeyNote {
  return { key: 'build', at: service.child('build').key, ...warn(`is not used: docker-flow deploys image: ${image} as it is (it does not build images)`, `build and push ${image} before deploying; remove build: to silence this warning`) };
}

/** A note for a key under `deploy:` (see parse-deploy). */
export function deployNote(key: string, where: ComposeLocation, policy: Policy): KeyNote {
  return { key: `deploy.${key}`, at: where.key, ...policy };
}

export { refuse as refusePolicy, warn as warnPolicy };
