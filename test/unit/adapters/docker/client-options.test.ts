import assert from 'node:assert/strict';
import { loadClientOptions } from '../../../../src/adapters/docker/client-options';
import { hostsFromEndpoints } from '../../../../src/config/hosts';

/** The host config makes of a plain endpoint, as -H gives it. */
const load = async (endpoint: string): ReturnType<typeof loadClientOptions> => {
  const [host] = hostsFromEndpoints([endpoint], undefined);
  if (host === undefined) throw new Error(`no host for ${endpoint}`);
  return loadClientOptions(host, new AbortController().signal);
};

describe('adapters/docker/client-options', () => {
  const savedAgent = process.env['SSH_AUTH_SOCK'];
  afterEach(() => {
    if (savedAgent === undefined) delete process.env['SSH_AUTH_SOCK'];
    else process.env['SSH_AUTH_SOCK'] = savedAgent;
  });

  it('a unix socket clears host and port, so DOCKER_HOST in the environment cannot redirect it', async () => {
    assert.deepEqual(await load('unix:///tmp/h1/docker.sock'), { socketPath: '/tmp/h1/docker.sock', host: undefined, port: undefined, protocol: 'http' });
  });

  it('tcp without a cert path is plain HTTP', async () => {
    assert.deepEqual(await load('tcp://10.77.0.11:2375'), { host: '10.77.0.11', port: 2375, protocol: 'http' });
  });

  it('ssh uses the agent from SSH_AUTH_SOCK and the user of the endpoint, and checks the host key', async () => {
    process.env['SSH_AUTH_SOCK'] = '/tmp/agent.sock';
    const { sshOptions, ...rest } = await load('ssh://deploy@10.0.0.5:2222');
    assert.deepEqual(rest, { host: '10.0.0.5', port: 2222, protocol: 'ssh', username: 'deploy' });
    assert.equal(sshOptions?.agent, '/tmp/agent.sock');
    const verify: unknown = Reflect.get(sshOptions ?? {}, 'hostVerifier');
    assert.equal(typeof verify, 'function', 'a host key verifier is always set');
    if (typeof verify === 'function') assert.equal(Reflect.apply(verify, undefined, [Buffer.from('a key no known_hosts lists')]), false, 'an unlisted key is refused');
  });
});
