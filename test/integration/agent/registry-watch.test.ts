import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectRegistry } from '../../../src/adapters/registry/connect-registry';
import { RegistryClient } from '../../../src/adapters/registry/registry-client';
import { parseImageRepository } from '../../../src/domain/image-repository';
import { UnreachableError } from '../../../src/errors';
import { silentLogger } from '../../../src/logger';
import { flowFixture, running, type FlowFixture } from '../flows/flow-fixture';
import { startRequestLoop, versionOf } from '../flows/request-loop';
import { localDocker } from '../support/local-docker';
import { ensureRegistry, loginRegistryAddress, loginRegistryCredentials, pushToRegistry } from '../support/test-registry';
import { uniqueName } from '../support/unique-name';
import { PushedTags, agentCompose, answer } from './agent-fixture';
import { step } from '../support/scenario';

const proxyPort = 18400;
const url = `http://127.0.0.1:${proxyPort}/demo/`;

function client(reference: string): RegistryClient {
  const parsed = parseImageRepository(reference);
  if (!parsed.ok) throw new Error(parsed.problem);
  return new RegistryClient({ repository: parsed.repository, logger: silentLogger });
}

describe('docker-flow agent: registry polling against a real registry (127.0.0.1:5000)', function () {
  let f: FlowFixture;
  let pushed: PushedTags;
  let webhook: Server;
  /** Webhook deliveries: `event image`. */
  const delivered: string[] = [];

  before(async () => {
    webhook = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const payload: unknown = JSON.parse(body);
        if (typeof payload === 'object' && payload !== null && 'event' in payload && 'image' in payload) delivered.push(`${String(payload.event)} ${String(payload.image)}`);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
    const address = webhook.address();
    const hookPort = typeof address === 'object' && address !== null ? address.port : 0;
    await ensureRegistry();
    pushed = new PushedTags(uniqueName('df-agent-watch'));
    f = await flowFixture(uniqueName('agw'), agentCompose, [
      'target: app',
      'blue_green: true',
      'service_path: /demo',
      `proxy_port: ${proxyPort}`,
      'proxy_reconf_port: 18401',
      'health_timeout: 10s',
      'drain: 1s',
      `watch_image: ${pushed.reference}`,
      'notify:',
      `  webhook: http://127.0.0.1:${hookPort}/hook`,
    ].join('\n'));
  });
  after(async () => {
    await f.cli(['proxy', 'stop']);
    await f.cleanup();
    await pushed.cleanup();
    await new Promise((resolve) => webhook.close(resolve));
  });

  const releases = async (): Promise<{ result: string; image: string }[]> => {
    const r = await f.cli(['releases', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const list: unknown = JSON.parse(r.stdout);
    assert.ok(Array.isArray(list));
    return list.map((record: { result: string; images: Record<string, { image: string }> }) => ({ result: record.result, image: record.images['app']?.image ?? '' }));
  };

  it('a registry that wants a login (basic auth): tags are listed with the credentials of config.json, refused without them', async () => {
    const repository = uniqueName('df-agent-login');
    const ref = await pushToRegistry('docker-flow-demo:v1', repository, '2.0.0', localDocker(), loginRegistryAddress);
    const dir = await mkdtemp(join(tmpdir(), 'df-agent-docker-config-'));
    try {
      const login = await loginRegistryCredentials();
      const watch = `${loginRegistryAddress}/${repository}`;
      const connect = async (): Promise<RegistryClient> => connectRegistry(watch, { key: '--watch-image', env: { DOCKER_CONFIG: dir }, logger: silentLogger, signal: AbortSignal.timeout(10_000) });
      await writeFile(join(dir, 'config.json'), JSON.stringify({ auths: { [loginRegistryAddress]: { auth: Buffer.from(`${login.username}:${login.password}`).toString('base64') } } }));
      assert.deepEqual(await (await connect()).listTags(AbortSignal.timeout(10_000)), ['2.0.0']);
      const refused = async (auths: object, who: string): Promise<void> => {
        await writeFile(join(dir, 'config.json'), JSON.stringify({ auths }));
        await assert.rejects((await connect()).listTags(AbortSignal.timeout(10_000)), (error: unknown) => {
          assert.ok(error instanceof UnreachableError);
          assert.match(error.message, new RegExp(`^registry 127\\.0\\.0\\.1:5001 refused to list the tags of ${repository} ${who} \\(HTTP 401`));
          assert.match(error.hint ?? '', /docker login 127\.0\.0\.1:5001/);
          return true;
        });
      };
      await refused({}, 'without credentials');
      await refused({ [loginRegistryAddress]: { auth: Buffer.from(`${login.username}:wrong-password`).toString('base64') } }, 'with the credentials of 127\\.0\\.0\\.1:5001');
    } finally {
      await rm(dir, { recursive: true, force: true });
      await localDocker().getImage(ref).remove({ noprune: true }).catch(() => undefined);
    }
  });

  it('scenario: tags listed, 1.0.0 deployed by agent --once, nothing new then nothing done, 1.1.0 released, a broken 1.2.0 failed once and not retried until --retry', async function () {
    this.timeout(400_000);
    await step('the registry client lists the tags pushed, and names a repository that does not exist', async () => {
      await pushed.push('docker-flow-demo:v1', '1.0.0');
      await pushed.push('docker-flow-demo:v1', 'latest');
      assert.deepEqual([...(await client(pushed.reference).listTags(AbortSignal.timeout(10_000)))].sort(), ['1.0.0', 'latest']);
      await assert.rejects(client(`${pushed.reference}-missing`).listTags(AbortSignal.timeout(10_000)), (error: unknown) => {
        assert.ok(error instanceof UnreachableError);
        assert.match(error.message, /has no repository .*-missing .*HTTP 404 NAME_UNKNOWN/);
        return true;
      });
    });

    await step('agent --once deploys 1.0.0, the newest semver tag, through the proxy', async () => {
      const r = await f.cli(['agent', '--once']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`watch ${pushed.reference}: succeeded: deployed 1\\.0\\.0 \\(was none\\)`));
      assert.equal(versionOf(await answer(url)), 'v1');
      assert.deepEqual(await releases(), [{ result: 'succeeded', image: `${pushed.reference}:1.0.0` }]);
      assert.deepEqual(delivered, [`deploy.started ${pushed.reference}:1.0.0`, `deploy.succeeded ${pushed.reference}:1.0.0`], 'the webhooks fire for automated deploys');
    });

    await step('a second --once with nothing new changes nothing', async () => {
      const r = await f.cli(['agent', '--once']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /up-to-date: up to date \(live: 1\.0\.0, newest tag: 1\.0\.0\)/);
      assert.equal((await releases()).length, 1);
    });

    await step('push 1.1.0: agent --once deploys it through the proxy with no failed request and stops the old colour', async () => {
      await pushed.push('docker-flow-demo:v2', '1.1.0');
      const loop = startRequestLoop(url, { maxRequests: 5000, classify: versionOf });
      const r = await f.cli(['agent', '--once']);
      const seen = await loop.stop();
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(seen.failed, [], 'no request failed during the release');
      assert.ok((seen.bodies.get('v1') ?? 0) > 0 && (seen.bodies.get('v2') ?? 0) > 0, `served v1 then v2: ${JSON.stringify([...seen.bodies])}`);
      assert.equal(versionOf(await answer(url)), 'v2');
      assert.deepEqual(running(await f.containers()), [`${f.project}_app-green_1`], 'blue stopped');
    });

    await step('push a broken 1.2.0: the deploy fails once, 1.1.0 stays live, and the next --once does not retry it', async () => {
      await pushed.push('docker-flow-demo:unhealthy', '1.2.0');
      let r = await f.cli(['agent', '--once']);
      assert.equal(r.code, 1, 'the failed deploy is the exit status');
      assert.match(r.stderr, /unhealthy/);
      assert.match(r.stdout, /1\.2\.0 failed: .*live stays 1\.1\.0; the tag is not retried \(push a newer tag, or retry it: docker-flow agent --retry 1\.2\.0\)/);
      assert.equal(versionOf(await answer(url)), 'v2');
      assert.deepEqual(running(await f.containers()), [`${f.project}_app-green_1`], 'the new colour was removed, green keeps serving');
      const before = await releases();
      assert.deepEqual(before.slice(0, 2), [{ result: 'failed', image: `${pushed.reference}:1.2.0` }, { result: 'succeeded', image: `${pushed.reference}:1.1.0` }]);

      r = await f.cli(['agent', '--once']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /skipped: not retried: 1\.2\.0 \(failed .*\); live stays 1\.1\.0/);
      assert.equal((await releases()).length, before.length, 'no deploy was attempted');
      assert.equal(delivered.at(-1), `deploy.failed ${pushed.reference}:1.2.0`, 'the failure was notified, once');
      assert.equal(delivered.filter((d) => d.startsWith('deploy.failed')).length, 1);

      r = await f.cli(['status']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`watch ${pushed.reference} → ${f.project}-app .*last: skipped`));
      assert.match(r.stdout, /failed tag 1\.2\.0 .*not retried/);
    });

    await step('agent --retry 1.2.0 --once tries the failed tag again (and it fails again, 1.1.0 still live)', async () => {
      const r = await f.cli(['agent', '--retry', '1.2.0', '--once']);
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stderr, /forgot that 1\.2\.0 failed/);
      assert.equal((await releases())[0]?.result, 'failed');
      assert.equal(versionOf(await answer(url)), 'v2');
    });
  });
});
