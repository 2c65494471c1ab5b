import assert from 'node:assert/strict';
import { classifyFailure } from '../../../../src/adapters/docker/classify-failure';
import { engineFailureOf, formatMs, interruptedError, timeoutError, translateEngineError } from '../../../../src/adapters/docker/translate-error';
import type { HostSpec } from '../../../../src/domain/host';
import { ConfigError, EngineError, InterruptedError, UnreachableError } from '../../../../src/errors';

/** Errors as docker-modem 5 and Node build them, recorded from dockerd 20.10 (see the test names). */
function modemError(status: number, reason: string | undefined, json: unknown, text: string): Error {
  return Object.assign(new Error(`(HTTP code ${status}) ${reason ?? 'unexpected'} - ${text} `), { statusCode: status, reason, json });
}
function nodeError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

const unixHost: HostSpec = { name: 'node-1', endpoint: { scheme: 'unix', socketPath: '/nonexistent/docker.sock' }, address: '127.0.0.1', labels: {} };
const tlsHost: HostSpec = { name: 'node-2', endpoint: { scheme: 'tcp', host: '10.77.0.12', port: 2376 }, certPath: '/etc/flow/certs', address: '10.77.0.12', labels: {} };

describe('adapters/docker/translate-error', () => {
  it('404 no such container → EngineError naming the op, host and container', () => {
    const error = modemError(404, 'no such container', { message: 'No such container: nope' }, 'No such container: nope');
    assert.deepEqual(classifyFailure(error), { kind: 'not-found', message: 'No such container: nope' });
    const translated = translateEngineError(error, { op: 'start container', host: unixHost, target: 'nope' });
    assert.ok(translated instanceof EngineError);
    assert.equal(translated.message, 'start container on node-1: nope was not found (No such container: nope)');
    assert.equal(translated.cause, error);
  });

  it('409 name conflict → EngineError naming the container, hint: remove it or deploy again', () => {
    const text = 'Conflict. The container name "/shop_app-blue_1" is already in use by container "48047dcad5f7". You have to remove (or rename) that container to be able to reuse that name.';
    const translated = translateEngineError(modemError(409, undefined, { message: text }, text), { op: 'create container', host: unixHost, target: 'shop_app-blue_1' });
    assert.ok(translated instanceof EngineError);
    assert.match(translated.message, /^create container on node-1: the container name shop_app-blue_1 is already taken/);
    assert.equal(translated.hint, 'remove that container (docker rm -f shop_app-blue_1) or run the deploy again');
  });

  it('304 (already started) is its own kind; the engine sent an empty body', () => {
    const error = modemError(304, 'container already started', { type: 'Buffer', data: [] }, '');
    assert.deepEqual(classifyFailure(error), { kind: 'not-modified' });
  });

  it('500 from a pull keeps the engine words (json null: the message text is used)', () => {
    const text = 'Get "http://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused';
    assert.deepEqual(classifyFailure(modemError(500, 'server error', null, text)), { kind: 'engine', status: 500, message: text });
  });

  it('ENOENT on a unix socket → UnreachableError naming host, endpoint and "is dockerd running?"', () => {
    const translated = translateEngineError(nodeError('connect ENOENT /nonexistent/docker.sock', 'ENOENT'), { op: 'ping', host: unixHost });
    assert.ok(translated instanceof UnreachableError);
    assert.equal(translated.message, 'engine on node-1 (unix:///nonexistent/docker.sock) could not be reached for ping: ENOENT (connect ENOENT /nonexistent/docker.sock)');
    assert.equal(translated.hint, 'no socket at /nonexistent/docker.sock: is dockerd running on node-1? check --host');
  });

  for (const code of ['ECONNREFUSED', 'EHOSTUNREACH', 'ETIMEDOUT']) {
    it(`${code} → UnreachableError with exit code 4`, () => {
      const translated = translateEngineError(nodeError(`connect ${code} 10.77.0.12:2376`, code), { op: 'list containers', host: tlsHost });
      assert.ok(translated instanceof UnreachableError);
      assert.equal(translated.exitCode, 4);
      assert.match(translated.message, new RegExp(`^engine on node-2 \\(tcp://10.77.0.12:2376\\) could not be reached for list containers: ${code}`));
      assert.match(translated.hint ?? '', /is dockerd running on node-2/);
    });
  }

  it('a server certificate from another CA → "not signed by the CA in <certPath>/ca.pem"', () => {
    const translated = translateEngineError(nodeError('unable to verify the first certificate', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'), { op: 'ping', host: tlsHost });
    assert.ok(translated instanceof UnreachableError);
    assert.match(translated.message, /the server certificate was not signed by the CA in \/etc\/flow\/certs\/ca\.pem/);
    assert.match(translated.hint ?? '', /is the cert path right\?/);
  });

  it('TLS towards a plain-HTTP port and HTTP towards a TLS port are told apart', () => {
    const wrongVersion = translateEngineError(nodeError('wrong version number', 'ERR_SSL_WRONG_VERSION_NUMBER'), { op: 'ping', host: tlsHost });
    assert.match(wrongVersion.message, /does not speak TLS on this port/);
    const text = 'Client sent an HTTP request to an HTTPS server.';
    const plain = translateEngineError(modemError(400, 'bad parameter', text, text), { op: 'ping', host: tlsHost });
    assert.ok(plain instanceof UnreachableError);
    assert.match(plain.message, /expects TLS/);
    assert.match(plain.hint ?? '', /--cert-path/);
  });

  it('an ssh2 authentication failure → UnreachableError with an ssh-agent hint', () => {
    const error = Object.assign(new Error('All configured authentication methods failed'), { level: 'client-authentication' });
    const translated = translateEngineError(error, { op: 'ping', host: { ...unixHost, endpoint: { scheme: 'ssh', user: 'deploy', host: '10.0.0.5' } } });
    assert.ok(translated instanceof UnreachableError);
    assert.match(translated.hint ?? '', /ssh-agent/);
  });

  it('our own errors pass through unchanged', () => {
    const own = new ConfigError('--cert-path', 'missing');
    assert.equal(translateEngineError(own, { op: 'ping', host: unixHost }), own);
  });

  it('timeouts and interrupts read as the operator needs them', () => {
    const timeout = timeoutError({ op: 'list containers', host: tlsHost }, 30_000);
    assert.equal(timeout.message, 'engine on node-2 (tcp://10.77.0.12:2376) did not answer list containers within 30s');
    assert.match(timeout.hint ?? '', /raise --engine-timeout/);
    const interrupted = interruptedError({ op: 'stop container', host: unixHost, target: 'shop_app-blue_1' });
    assert.ok(interrupted instanceof InterruptedError);
    assert.equal(interrupted.exitCode, 130);
    assert.equal(interrupted.message, 'stop container of shop_app-blue_1 on node-1 was interrupted');
    assert.deepEqual([formatMs(250), formatMs(1500), formatMs(120_000)], ['250ms', '1.5s', '120s']);
  });

  it('engineFailureOf reads back what the engine said, and nothing for timeouts', () => {
    const text = 'conflict: unable to delete 01ad57644dc8 (cannot be forced) - image is being used by running container 8076bebc380c';
    const translated = translateEngineError(modemError(409, 'conflict', { message: text }, text), { op: 'remove image', host: unixHost });
    assert.deepEqual(engineFailureOf(translated), { kind: 'conflict', message: text });
    assert.equal(engineFailureOf(timeoutError({ op: 'ping', host: unixHost }, 1000)), undefined);
  });
});
