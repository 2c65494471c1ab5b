/** Labels docker-flow puts on every container it creates (Compose's own plus ours). */
export const composeLabel = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  containerNumber: 'com.docker.compose.container-number',
  oneoff: 'com.docker.compose.oneoff',
  /** On networks and volumes docker-flow creates: the key under the compose file's `networks:` / `volumes:`. */
  network: 'com.docker.compose.network',
  volume: 'com.docker.compose.volume',
} as const;

export const flowLabel = {
  /** `<project>-<target>` */
  service: 'io.docker-flow.service',
  project: 'io.docker-flow.project',
  target: 'io.docker-flow.target',
  /** blue | green; absent when not blue-green */
  color: 'io.docker-flow.color',
  /** release number (decimal) */
  release: 'io.docker-flow.release',
  /** "target" for the deployed target, "side" for side targets, "release-command", "one-off" (docker-flow run), "proxy" */
  role: 'io.docker-flow.role',
  /** name of the HostSpec the container was placed on */
  host: 'io.docker-flow.host',
} as const;

export type ContainerRole = 'target' | 'side' | 'release-command' | 'one-off' | 'proxy';
