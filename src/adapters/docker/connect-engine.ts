import Dockerode from 'dockerode';
import type { HostSpec } from '../../domain/host';
import type { Logger } from '../../logger';
import { loadClientOptions } from './client-options';
import type { DockerEngine } from '../../ports/docker-engine';
import { DockerodeEngine } from './dockerode-engine';
import type { Schedule } from './engine-caller';

export interface ConnectEngineOptions {
  /** How long any one engine call may take to answer (→ UnreachableError). */
  readonly apiTimeoutMs: number;
  readonly logger: Logger;
  /** Timer for the API timeout; tests inject a manual one. */
  readonly schedule?: Schedule;
}

/**
 * The engine of one host: `unix:///path`, `tcp://host:port` (TLS with ca/cert/key.pem from
 * host.certPath, server verified; plain HTTP without a cert path) or `ssh://user@host[:port]`
 * (the endpoint config parsed). Lazy: nothing is read or connected until the first call.
 */
export function connectEngine(host: HostSpec, options: ConnectEngineOptions): DockerEngine {
  return new DockerodeEngine(host, {
    apiTimeoutMs: options.apiTimeoutMs,
    logger: options.logger,
    createClient: async (signal) => new Dockerode(await loadClientOptions(host, signal)),
    ...(options.schedule === undefined ? {} : { schedule: options.schedule }),
  });
}
