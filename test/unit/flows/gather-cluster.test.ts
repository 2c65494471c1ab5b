import assert from 'node:assert/strict';
import { readCluster, requireSomeHost } from '../../../src/flows/gather-cluster';
import { ConfigError, UnreachableError } from '../../../src/errors';
import { container, host } from '../builders';
import { fakeEngine } from '../support/fake-engine';

const signal = new AbortController().signal;
const h1 = host('h1');
const h2 = host('h2');
const h3 = host('h3');
const tlsRefused = new UnreachableError('engine on h3 refused the TLS connection: the server certificate was not signed by the CA in /wrong/ca.pem', {
  hint: 'is the cert path right? h3 needs the ca.pem that signed its dockerd certificate',
});
const socketMissing = new UnreachableError('engine on h2 could not be reached: ENOENT', { hint: 'no socket: is dockerd running on h2?' });

describe('gathering the cluster', () => {
  it('reads every host; a silent one is listed with its reason and the others are planned on', async () => {
    const mine = { ...container('demo_app-blue_1', { host: 'h1', color: 'blue' }), labels: { 'io.docker-flow.project': 'demo' } };
    const engines = new Map([
      ['h1', fakeEngine(h1, { containers: [mine], images: ['app:v1'] })],
      ['h2', fakeEngine(h2, { fails: socketMissing })],
      ['h3', fakeEngine(h3, { images: [] })],
    ]);
    const { view } = await readCluster(engines, 'demo', ['app:v1'], signal);
    assert.deepEqual(view.hosts.map((h) => h.name), ['h1', 'h3']);
    assert.deepEqual(view.unreachable, [{ host: 'h2', reason: 'engine on h2 could not be reached: ENOENT' }]);
    assert.deepEqual(view.containers.map((c) => c.name), ['demo_app-blue_1']);
    assert.equal(view.images.get('h1')?.has('app:v1'), true);
    assert.equal(view.images.get('h3')?.has('app:v1'), false);
  });

  it('with one host that does not answer, gives that host\'s own error and hint', async () => {
    const gathered = await readCluster(new Map([['h3', fakeEngine(h3, { fails: tlsRefused })]]), 'demo', [], signal);
    assert.throws(() => requireSomeHost(gathered), (e: unknown) => e === tlsRefused);
  });

  it('with no host answering, names every host and keeps each hint', async () => {
    const gathered = await readCluster(new Map([['h2', fakeEngine(h2, { fails: socketMissing })], ['h3', fakeEngine(h3, { fails: tlsRefused })]]), 'demo', [], signal);
    assert.throws(() => requireSomeHost(gathered), (e: unknown) => {
      assert.ok(e instanceof UnreachableError);
      assert.match(e.message, /no Docker host answered: h2: engine on h2 .*ENOENT; h3: engine on h3 refused the TLS connection/);
      assert.match(e.hint ?? '', /is dockerd running on h2\?; is the cert path right\?/);
      return true;
    });
  });

  it('unusable TLS files are bad input, not a silent host', async () => {
    const badFiles = new ConfigError('--cert-path', '/certs/ca.pem for host h3 could not be read (ENOENT)');
    await assert.rejects(readCluster(new Map([['h1', fakeEngine(h1)], ['h3', fakeEngine(h3, { fails: badFiles })]]), 'demo', [], signal), (e: unknown) => e === badFiles);
  });
});
