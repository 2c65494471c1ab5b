import type { DockerEndpoint } from './docker-endpoint';

/** One Docker host of the cluster. */
export interface HostSpec {
  /** Unique, used in container placement, status output and error messages. */
  readonly name: string;
  /** Where its engine answers: unix:///var/run/docker.sock, tcp://10.0.0.2:2376, ssh://user@host (shown with formatDockerEndpoint). */
  readonly endpoint: DockerEndpoint;
  /** Folder with ca.pem, cert.pem, key.pem for tcp:// with TLS. */
  readonly certPath?: string;
  /** Address at which ports published on this host are reached (by the proxy and by users). */
  readonly address: string;
  readonly labels: Readonly<Record<string, string>>;
}
