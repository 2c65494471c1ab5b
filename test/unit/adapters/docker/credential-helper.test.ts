import assert from 'node:assert/strict';
import { credentialsFor, type HelperRunner } from '../../../../src/adapters/docker/credential-helper';
import type { Logger } from '../../../../src/logger';

const encode = (text: string): string => Buffer.from(text).toString('base64');

/** Helpers that know what `known` says, recording each question as `helper serverUrl`. */
function helpers(known: Readonly<Record<string, Readonly<Record<string, { Username: string; Secret: string } | 'fails'>>>>): { run: HelperRunner; asked: string[] } {
  const asked: string[] = [];
  const run: HelperRunner = (helper, serverUrl) => {
    asked.push(`${helper} ${serverUrl}`);
    const answer = known[helper]?.[serverUrl];
    if (answer === 'fails') return Promise.reject(new Error(`docker-credential-${helper} get exited with status 1: no keyring`));
    return Promise.resolve(answer);
  };
  return { run, asked };
}

function warnings(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger: Logger = { debug: () => undefined, info: () => undefined, warn: (m) => void lines.push(m), error: () => undefined, child: () => logger };
  return { logger, lines };
}

const signal = new AbortController().signal;

describe('adapters/docker/credential-helper: credentials as the Docker CLI finds them', () => {
  it('the registry\'s credHelpers entry comes first, then credsStore, then auths', async () => {
    const config = { credHelpers: { 'registry.example.com': 'ecr-login' }, credsStore: 'pass', auths: { 'registry.example.com': { auth: encode('file:user') } } };
    const h = helpers({ 'ecr-login': { 'registry.example.com': { Username: 'AWS', Secret: 's3' } }, pass: { 'registry.example.com': { Username: 'p', Secret: 'q' } } });
    assert.deepEqual(await credentialsFor(config, 'registry.example.com', { logger: warnings().logger, signal, run: h.run }), { username: 'AWS', password: 's3', serveraddress: 'registry.example.com' });
    assert.deepEqual(h.asked, ['ecr-login registry.example.com']);
  });

  it('credsStore answers for a registry with no credHelpers entry; Docker Hub is asked under its historic URL', async () => {
    const config = { credHelpers: { 'other.example.com': 'ecr-login' }, credsStore: 'pass' };
    const h = helpers({ pass: { 'https://index.docker.io/v1/': { Username: 'hubuser', Secret: 'hubtoken' } } });
    assert.deepEqual(await credentialsFor(config, 'docker.io', { logger: warnings().logger, signal, run: h.run }), { username: 'hubuser', password: 'hubtoken', serveraddress: 'https://index.docker.io/v1/' });
    assert.deepEqual(h.asked, ['pass https://index.docker.io/v1/']);
  });

  it('a helper that knows nothing of the registry, or fails, is passed over (a failure is logged) for the auths entry', async () => {
    const config = { credHelpers: { '127.0.0.1:5001': 'broken' }, credsStore: 'pass', auths: { '127.0.0.1:5001': { auth: encode('ci:secret') } } };
    const h = helpers({ broken: { '127.0.0.1:5001': 'fails' }, pass: {} });
    const w = warnings();
    assert.deepEqual(await credentialsFor(config, '127.0.0.1:5001', { logger: w.logger, signal, run: h.run }), { username: 'ci', password: 'secret', serveraddress: '127.0.0.1:5001' });
    assert.deepEqual(h.asked, ['broken 127.0.0.1:5001', 'pass 127.0.0.1:5001']);
    assert.deepEqual(w.lines, ['docker-credential-broken (named in Docker\'s config.json) failed for 127.0.0.1:5001; trying the next source of credentials']);
  });

  it('an identity token (user "<token>") is passed on as one', async () => {
    const h = helpers({ desktop: { 'registry.example.com': { Username: '<token>', Secret: 'refresh-me' } } });
    assert.deepEqual(await credentialsFor({ credsStore: 'desktop' }, 'registry.example.com', { logger: warnings().logger, signal, run: h.run }), {
      username: '', password: '', identitytoken: 'refresh-me', serveraddress: 'registry.example.com',
    });
  });

  it('no helper and no auths entry: no credentials, and no helper is run', async () => {
    const h = helpers({});
    assert.equal(await credentialsFor({ auths: {} }, 'registry.example.com', { logger: warnings().logger, signal, run: h.run }), undefined);
    assert.equal(await credentialsFor(undefined, 'registry.example.com', { logger: warnings().logger, signal, run: h.run }), undefined);
    assert.deepEqual(h.asked, []);
  });
});
