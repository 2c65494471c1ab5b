import assert from 'node:assert/strict';
import { allowsPlainHttp, parseImageRepository } from '../../../src/domain/image-repository';

describe('domain/image-repository', () => {
  it('speaks plain HTTP to registries on 127.0.0.0/8 and 10.77.0.0/24, HTTPS to any other', () => {
    assert.deepEqual(parseImageRepository('127.0.0.1:5000/app'), {
      ok: true,
      repository: { reference: '127.0.0.1:5000/app', registry: '127.0.0.1:5000', apiBase: 'http://127.0.0.1:5000', name: 'app' },
    });
    assert.deepEqual(parseImageRepository('10.77.0.1:5000/team/app'), {
      ok: true,
      repository: { reference: '10.77.0.1:5000/team/app', registry: '10.77.0.1:5000', apiBase: 'http://10.77.0.1:5000', name: 'team/app' },
    });
    assert.deepEqual(parseImageRepository('registry.example.com/team/app'), {
      ok: true,
      repository: { reference: 'registry.example.com/team/app', registry: 'registry.example.com', apiBase: 'https://registry.example.com', name: 'team/app' },
    });
    assert.deepEqual(parseImageRepository('https://localhost:5000/app'), {
      ok: true,
      repository: { reference: 'localhost:5000/app', registry: 'localhost:5000', apiBase: 'https://localhost:5000', name: 'app' },
    });
  });

  it('refuses plain http:// for any other registry, saying where it is allowed', () => {
    const result = parseImageRepository('http://registry.example.com/app');
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.problem, /plain HTTP is allowed only for registries on 127\.0\.0\.0\/8 \(localhost\) and 10\.77\.0\.0\/24; registry\.example\.com must be reached with https:\/\//);
    assert.equal(parseImageRepository('http://10.78.0.1:5000/app').ok, false);
  });

  it('reads Docker Hub names as library/<name> on registry-1.docker.io', () => {
    assert.deepEqual(parseImageRepository('nginx'), { ok: true, repository: { reference: 'nginx', registry: 'docker.io', apiBase: 'https://registry-1.docker.io', name: 'library/nginx' } });
    assert.deepEqual(parseImageRepository('vfarcic/books-ms'), {
      ok: true,
      repository: { reference: 'vfarcic/books-ms', registry: 'docker.io', apiBase: 'https://registry-1.docker.io', name: 'vfarcic/books-ms' },
    });
  });

  it('refuses tags, digests, bad names and other schemes with the reason', () => {
    const problem = (text: string): string => {
      const result = parseImageRepository(text);
      return result.ok ? 'accepted' : result.problem;
    };
    assert.match(problem('127.0.0.1:5000/app:1.0.0'), /has a tag; name the repository only/);
    assert.match(problem('127.0.0.1:5000/app@sha256:00'), /digest/);
    assert.match(problem('127.0.0.1:5000/App'), /"App" is not a repository name part/);
    assert.match(problem('ftp://127.0.0.1/app'), /ftp:\/\/ is not accepted/);
    assert.match(problem('127.0.0.1:99999/app'), /is not a registry host/);
  });

  it('allows plain HTTP exactly on loopback and the simulated hosts network', () => {
    for (const host of ['127.0.0.1', '127.255.0.9', 'localhost', '[::1]', '10.77.0.1', '10.77.0.254']) assert.equal(allowsPlainHttp(host), true, host);
    for (const host of ['10.77.1.1', '10.0.0.1', '192.168.1.1', 'registry.local', '128.0.0.1', '127.0.0.300']) assert.equal(allowsPlainHttp(host), false, host);
  });
});
