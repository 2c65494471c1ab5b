import assert from 'node:assert/strict';
import { RegistryClient, nextPage, type FetchLike } from '../../../../src/adapters/registry/registry-client';
import { parseAuthChallenge } from '../../../../src/adapters/registry/www-authenticate';
import { parseImageRepository, type ImageRepository } from '../../../../src/domain/image-repository';
import { UnreachableError } from '../../../../src/errors';
import { silentLogger } from '../../../../src/logger';

const signal = new AbortController().signal;

function repository(text: string): ImageRepository {
  const parsed = parseImageRepository(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.repository;
}

/** A fetch answering from a handler, recording every request (URL and Authorization header). */
function fakeFetch(handler: (url: URL, authorization: string | undefined) => Response): FetchLike & { calls: string[] } {
  const calls: string[] = [];
  const fetch = (url: string, init: { readonly headers: Readonly<Record<string, string>> }): Promise<Response> => {
    const authorization = init.headers['authorization'];
    calls.push(`${url}${authorization === undefined ? '' : ` [${authorization}]`}`);
    return Promise.resolve(handler(new URL(url), authorization));
  };
  return Object.assign(fetch, { calls });
}

const json = (body: unknown, init: ResponseInit = {}): Response => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' }, ...init });
const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('adapters/registry: tags through the Registry HTTP API v2', () => {
  it('lists tags page by page, following the Link header', async () => {
    const fetch = fakeFetch((url) => {
      if (url.searchParams.get('last') === null) return json({ name: 'app', tags: ['1.0.0', '1.1.0'] }, { headers: { link: '</v2/app/tags/list?last=1.1.0&n=1000>; rel="next"' } });
      return json({ name: 'app', tags: ['1.2.0', 42] });
    });
    const client = new RegistryClient({ repository: repository('127.0.0.1:5000/app'), logger: silentLogger, fetch });
    assert.deepEqual(await client.listTags(signal), ['1.0.0', '1.1.0', '1.2.0']);
    assert.deepEqual(fetch.calls, ['http://127.0.0.1:5000/v2/app/tags/list?n=1000', 'http://127.0.0.1:5000/v2/app/tags/list?last=1.1.0&n=1000']);
  });

  it('answers a Bearer challenge with a token from the realm (asked with config.json credentials), and reuses it until it expires', async () => {
    let now = 0;
    const fetch = fakeFetch((url, authorization) => {
      if (url.host === 'auth.example.com') {
        assert.equal(url.searchParams.get('service'), 'registry.example.com');
        assert.equal(url.searchParams.get('scope'), 'repository:team/app:pull');
        if (authorization !== basic('ci', 's3cret')) return new Response('', { status: 401 });
        return json({ token: 'tok-1', expires_in: 300 });
      }
      if (authorization === 'Bearer tok-1') return json({ name: 'team/app', tags: ['2.0.0'] });
      return new Response('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}', {
        status: 401,
        headers: { 'www-authenticate': 'Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:team/app:pull"' },
      });
    });
    const client = new RegistryClient({
      repository: repository('registry.example.com/team/app'), logger: silentLogger, fetch, now: () => now,
      credentials: { username: 'ci', password: 's3cret', serveraddress: 'registry.example.com' },
    });
    assert.deepEqual(await client.listTags(signal), ['2.0.0']);
    assert.equal(fetch.calls.length, 3, 'challenge, token, retry');
    await client.listTags(signal);
    assert.equal(fetch.calls.length, 4, 'the token is reused');
    now += 300_000;
    await client.listTags(signal);
    assert.equal(fetch.calls.length, 7, 'an expired token is not sent: challenge and token again');
  });

  it('answers a Basic challenge with the credentials, and says to log in when there are none or they are refused', async () => {
    const fetch = fakeFetch((_url, authorization) =>
      authorization === basic('ci', 'pw') ? json({ tags: ['1.0.0'] }) : new Response('', { status: 401, headers: { 'www-authenticate': 'Basic realm="Registry"' } }));
    const withCredentials = new RegistryClient({ repository: repository('127.0.0.1:5000/app'), logger: silentLogger, fetch, credentials: { username: 'ci', password: 'pw', serveraddress: '127.0.0.1:5000' } });
    assert.deepEqual(await withCredentials.listTags(signal), ['1.0.0']);
    const without = new RegistryClient({ repository: repository('127.0.0.1:5000/app'), logger: silentLogger, fetch });
    await assert.rejects(without.listTags(signal), (error: unknown) => {
      assert.ok(error instanceof UnreachableError);
      assert.match(error.message, /registry 127\.0\.0\.1:5000 refused to list the tags of app without credentials \(HTTP 401\)/);
      assert.match(error.hint ?? '', /docker login 127\.0\.0\.1:5000/);
      return true;
    });
    const wrong = new RegistryClient({ repository: repository('127.0.0.1:5000/app'), logger: silentLogger, fetch, credentials: { username: 'ci', password: 'nope', serveraddress: '127.0.0.1:5000' } });
    await assert.rejects(wrong.listTags(signal), /with the credentials of 127\.0\.0\.1:5000 \(HTTP 401\)/);
  });

  it('refuses a token realm over plain HTTP to another network', async () => {
    const fetch = fakeFetch(() => new Response('', { status: 401, headers: { 'www-authenticate': 'Bearer realm="http://auth.example.com/token",service="r"' } }));
    const client = new RegistryClient({ repository: repository('registry.example.com/app'), logger: silentLogger, fetch });
    await assert.rejects(client.listTags(signal), /sent a token realm docker-flow does not follow: "http:\/\/auth\.example\.com\/token"/);
    assert.equal(fetch.calls.length, 1, 'the realm was never asked');
  });

  it('names the repository and the registry\'s own error for a missing repository or a server error', async () => {
    const missing = new RegistryClient({
      repository: repository('127.0.0.1:5000/nope'), logger: silentLogger,
      fetch: fakeFetch(() => new Response('{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry"}]}', { status: 404 })),
    });
    await assert.rejects(missing.listTags(signal), /registry 127\.0\.0\.1:5000 has no repository nope \(.* answered HTTP 404 NAME_UNKNOWN: repository name not known to registry\)/);
    const broken = new RegistryClient({ repository: repository('127.0.0.1:5000/app'), logger: silentLogger, fetch: fakeFetch(() => new Response('oops', { status: 503 })) });
    await assert.rejects(broken.listTags(signal), (error: unknown) => error instanceof UnreachableError && error.exitCode === 4 && /answered .* with HTTP 503/.test(error.message));
  });

  it('turns a connection failure into an UnreachableError naming the registry and what to check', async () => {
    const refused: FetchLike = () => Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5999'), { code: 'ECONNREFUSED' }) }));
    const client = new RegistryClient({ repository: repository('127.0.0.1:5999/app'), logger: silentLogger, fetch: refused });
    await assert.rejects(client.listTags(signal), (error: unknown) => {
      assert.ok(error instanceof UnreachableError);
      assert.match(error.message, /registry 127\.0\.0\.1:5999 did not answer http:\/\/127\.0\.0\.1:5999\/v2\/app\/tags\/list\?n=1000: ECONNREFUSED: connect ECONNREFUSED/);
      assert.match(error.hint ?? '', /curl http:\/\/127\.0\.0\.1:5999\/v2\//);
      return true;
    });
  });

  it('reads WWW-Authenticate challenges and Link headers', () => {
    assert.deepEqual(parseAuthChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"'), {
      scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull' },
    });
    assert.deepEqual(parseAuthChallenge('Basic realm="Registry Realm", charset=UTF-8'), { scheme: 'basic', params: { realm: 'Registry Realm', charset: 'UTF-8' } });
    assert.deepEqual(parseAuthChallenge('Bearer realm="a\\"b", Basic realm="x"'), { scheme: 'bearer', params: { realm: 'a"b' } });
    assert.equal(parseAuthChallenge(null), undefined);
    assert.equal(nextPage('</v2/app/tags/list?last=b&n=2>; rel="next"', 'http://127.0.0.1:5000'), 'http://127.0.0.1:5000/v2/app/tags/list?last=b&n=2');
    assert.equal(nextPage('<https://elsewhere.example.com/v2/x>; rel="next"', 'http://127.0.0.1:5000'), undefined, 'never follows to another origin');
    assert.equal(nextPage(null, 'http://127.0.0.1:5000'), undefined);
  });
});
