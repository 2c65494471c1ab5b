import Docker from 'dockerode';

/** The machine's own engine, the one `docker` talks to. */
export const localSocketPath = '/var/run/docker.sock';

/** A dockerode client for the local engine (cheap: create one per test file or helper call). */
export function localDocker(): Docker {
  return new Docker({ socketPath: localSocketPath });
}
