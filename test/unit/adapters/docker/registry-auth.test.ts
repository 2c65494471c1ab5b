import assert from 'node:assert/strict';
import { authFor, registryOfImage, withDefaultTag } from '../../../../src/adapters/docker/registry-auth';

const encode = (text: string): string => Buffer.from(text).toString('base64');

describe('adapters/docker/registry-auth', () => {
  it('finds the registry of an image reference the way Docker does', () => {
    assert.equal(registryOfImage('nginx'), 'docker.io');
    assert.equal(registryOfImage('library/nginx:1.25'), 'docker.io');
    assert.equal(registryOfImage('127.0.0.1:5000/docker-flow-demo:v1'), '127.0.0.1:5000');
    assert.equal(registryOfImage('localhost/app'), 'localhost');
    assert.equal(registryOfImage('registry.example.com/team/app@sha256:abc'), 'registry.example.com');
  });

  it('adds :latest only when there is neither a tag nor a digest', () => {
    assert.equal(withDefaultTag('app'), 'app:latest');
    assert.equal(withDefaultTag('127.0.0.1:5000/app'), '127.0.0.1:5000/app:latest');
    assert.equal(withDefaultTag('127.0.0.1:5000/app:v2'), '127.0.0.1:5000/app:v2');
    assert.equal(withDefaultTag('app@sha256:abc'), 'app@sha256:abc');
  });

  it('decodes auths[registry].auth (base64 user:password; the password may hold colons)', () => {
    const config = { auths: { '127.0.0.1:5000': { auth: encode('ci:pa:ss') } } };
    assert.deepEqual(authFor(config, '127.0.0.1:5000'), { username: 'ci', password: 'pa:ss', serveraddress: '127.0.0.1:5000' });
  });

  it('matches keys written with a scheme and a path, and Docker Hub under its historic key', () => {
    const config = {
      auths: {
        'https://registry.example.com/v2/': { auth: encode('a:b') },
        'https://index.docker.io/v1/': { auth: encode('hub:secret') },
      },
    };
    assert.equal(authFor(config, 'registry.example.com')?.username, 'a');
    assert.deepEqual(authFor(config, 'docker.io'), { username: 'hub', password: 'secret', serveraddress: 'https://index.docker.io/v1/' });
  });

  it('returns undefined without credentials for that registry or with a malformed config', () => {
    assert.equal(authFor({ auths: { 'other:5000': { auth: encode('x:y') } } }, '127.0.0.1:5000'), undefined);
    assert.equal(authFor({ auths: { '127.0.0.1:5000': { auth: encode('no-colon') } } }, '127.0.0.1:5000'), undefined);
    assert.equal(authFor({ credsStore: 'desktop' }, 'docker.io'), undefined);
    assert.equal(authFor('not an object', 'docker.io'), undefined);
  });
});
