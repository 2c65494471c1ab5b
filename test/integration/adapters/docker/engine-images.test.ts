import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineError, UnreachableError } from '../../../../src/errors';
import { ensureRegistry, loginRegistryAddress, loginRegistryCredentials, pushToRegistry } from '../../support/test-registry';
import { demoImage, ensureDemoImages, localEngine, never, raw, removeTestObjects, spec, testLabel, uniqueName } from './docker-kit';
import type { LogLine } from './docker-kit';

const registry = '127.0.0.1:5000';
/** A fixed repository in the test registry, overwritten on every run (registries keep no labels). */
const pushedRepo = `${registry}/docker-flow-adapter-test`;

/** A new image of our own (commit of a demo container), labelled for clean-up. */
async function commitTestImage(repo: string, tag: string): Promise<string> {
  const base = await raw.createContainer({ name: uniqueName(`base-${tag}`), Image: demoImage, Labels: { ...testLabel } });
  await base.commit({ repo, tag });
  await base.remove({ force: true });
  return `${repo}:${tag}`;
}

describe('adapters/docker: images', function () {
  this.timeout(120_000);
  before(ensureDemoImages);
  after(removeTestObjects);

  it('hasImage, inspectImage and listImages see local images', async () => {
    const engine = localEngine();
    assert.equal(await engine.hasImage(demoImage, never()), true);
    assert.equal(await engine.hasImage('docker-flow-adapter-missing:v0', never()), false);
    const inspected = await engine.inspectImage(demoImage, never());
    assert.match(inspected?.id ?? '', /^sha256:/);
    assert.equal(await engine.inspectImage('docker-flow-adapter-missing:v0', never()), undefined);
    const listed = await engine.listImages('docker-flow-demo', never());
    assert.ok(listed.some((image) => image.tags.includes(demoImage) && image.id === inspected?.id));
    assert.ok(listed.every((image, i) => i === 0 || (listed[i - 1]?.createdSec ?? 0) >= image.createdSec), 'newest first');
  });

  it('removeImage of an image a container uses → EngineError naming that container; unused → removed', async () => {
    const engine = localEngine();
    const ref = await commitTestImage('docker-flow-adapter-test', uniqueName('inuse').replace(/^dfadapter-/, ''));
    const user = spec('image-user', { image: ref });
    await engine.createContainer(user, never());
    await assert.rejects(engine.removeImage(ref, never()), (error: unknown) => {
      assert.ok(error instanceof EngineError);
      assert.match(error.message, new RegExp(`^image ${ref} on local is in use by container ${user.name} \\([0-9a-f]{12}, created\\)`));
      assert.match(error.hint ?? '', new RegExp(`remove ${user.name} first`));
      return true;
    });
    await engine.removeContainer(user.name, never());
    await engine.removeImage(ref, never());
    assert.equal(await engine.hasImage(ref, never()), false);
  });

  describe('a registry that wants a login (scripts/registry.sh, htpasswd)', () => {
    let ref: string;
    let configDir: string;
    const previous = process.env['DOCKER_CONFIG'];
    /** Docker's config.json in a folder of its own, as `docker login` writes it. */
    const useConfig = async (auths: Record<string, { auth: string }>): Promise<void> => {
      await writeFile(join(configDir, 'config.json'), JSON.stringify({ auths }));
      process.env['DOCKER_CONFIG'] = configDir;
    };
    const basic = (user: string, password: string): { auth: string } => ({ auth: Buffer.from(`${user}:${password}`).toString('base64') });

    before(async () => {
      await ensureRegistry();
      const login = await loginRegistryCredentials();
      const source = await commitTestImage('docker-flow-adapter-test', uniqueName('login').replace(/^dfadapter-/, ''));
      ref = await pushToRegistry(source, 'docker-flow-adapter-login', 'pull', raw, loginRegistryAddress);
      await raw.getImage(source).remove();
      assert.ok(login.username !== '');
      configDir = await mkdtemp(join(tmpdir(), 'dfadapter-docker-config-'));
    });
    beforeEach(async () => {
      await raw.getImage(ref).remove().catch(() => undefined);
    });
    after(async () => {
      if (previous === undefined) delete process.env['DOCKER_CONFIG'];
      else process.env['DOCKER_CONFIG'] = previous;
      await rm(configDir, { recursive: true, force: true });
      await raw.getImage(ref).remove().catch(() => undefined);
    });

    it('pulls with the credentials of $DOCKER_CONFIG/config.json', async () => {
      const login = await loginRegistryCredentials();
      await useConfig({ [loginRegistryAddress]: basic(login.username, login.password) });
      const lines: LogLine[] = [];
      const engine = localEngine({ lines });
      assert.equal(await engine.hasImage(ref, never()), false);
      await engine.pullImage(ref, never());
      assert.equal(await engine.hasImage(ref, never()), true);
      assert.ok(lines.some((line) => line.message === 'docker pull with credentials from config.json' && line.fields['username'] === login.username && line.fields['registry'] === loginRegistryAddress));
      assert.ok(lines.some((line) => line.message === 'docker pull progress'), 'progress was followed');
    });

    it('pulls with the credentials a credential helper gives (credsStore, Docker\'s helper protocol, a real program on PATH)', async () => {
      const login = await loginRegistryCredentials();
      const bin = await mkdtemp(join(tmpdir(), 'dfadapter-helper-'));
      const helper = join(bin, 'docker-credential-dftest');
      // the protocol: the server URL on stdin; JSON on stdout, or "credentials not found" and status 1
      await writeFile(helper, [
        '#!/bin/sh',
        'read -r server',
        `if [ "$1" = get ] && [ "$server" = "${loginRegistryAddress}" ]; then`,
        `  printf '{"ServerURL":"%s","Username":"${login.username}","Secret":"${login.password}"}' "$server"`,
        'else echo "credentials not found in native keychain"; exit 1; fi',
        '',
      ].join('\n'), { mode: 0o700 });
      const path = process.env['PATH'];
      process.env['PATH'] = `${bin}:${path ?? ''}`;
      try {
        await useConfig({});
        await writeFile(join(configDir, 'config.json'), JSON.stringify({ credsStore: 'dftest', auths: { [loginRegistryAddress]: {} } }));
        const lines: LogLine[] = [];
        await localEngine({ lines }).pullImage(ref, never());
        assert.equal(await localEngine().hasImage(ref, never()), true);
        assert.ok(lines.some((line) => line.message === 'docker pull with credentials from config.json' && line.fields['username'] === login.username));
      } finally {
        process.env['PATH'] = path;
        await rm(bin, { recursive: true, force: true });
      }
    });

    it('a credential helper that is not installed is logged and passed over: the pull is refused for want of a login', async () => {
      await writeFile(join(configDir, 'config.json'), JSON.stringify({ credHelpers: { [loginRegistryAddress]: 'not-installed' } }));
      process.env['DOCKER_CONFIG'] = configDir;
      const lines: LogLine[] = [];
      await assert.rejects(localEngine({ lines }).pullImage(ref, never()), (error: unknown) => error instanceof EngineError && /refused to give/.test(error.message));
      assert.ok(lines.some((line) => line.level === 'warn' && line.message.startsWith('docker-credential-not-installed (named in Docker\'s config.json) failed') && /not on PATH/.test(String(line.fields['error']))), JSON.stringify(lines));
    });

    it('without credentials, or with a wrong password, the pull is refused: EngineError naming the registry and how to log in', async () => {
      const login = await loginRegistryCredentials();
      for (const auths of [{}, { [loginRegistryAddress]: basic(login.username, 'wrong-password') }]) {
        await useConfig(auths);
        await assert.rejects(localEngine().pullImage(ref, never()), (error: unknown) => {
          assert.ok(error instanceof EngineError, String(error));
          assert.match(error.message, new RegExp(`^registry 127\\.0\\.0\\.1:5001 refused to give ${ref.replace(/\./g, '\\.')} to local: `));
          assert.match(error.hint ?? '', /docker login 127\.0\.0\.1:5001/);
          return true;
        });
        assert.equal(await localEngine().hasImage(ref, never()), false);
      }
    });
  });

  it('a pull from a registry nobody serves → UnreachableError naming the image and the registry', async () => {
    const engine = localEngine();
    await assert.rejects(engine.pullImage('127.0.0.1:1/docker-flow-adapter-test:v1', never()), (error: unknown) => {
      assert.ok(error instanceof UnreachableError);
      assert.match(error.message, /^registry 127\.0\.0\.1:1 could not be reached from local to pull 127\.0\.0\.1:1\/docker-flow-adapter-test:v1: .*connection refused/);
      return true;
    });
  });

  it('a pull of a tag the registry does not have → EngineError naming the image and the registry', async () => {
    await ensureRegistry();
    const engine = localEngine();
    const ref = `${pushedRepo}:no-such-tag`;
    await assert.rejects(engine.pullImage(ref, never()), (error: unknown) => {
      assert.ok(error instanceof EngineError);
      assert.match(error.message, new RegExp(`^pulling ${ref.replace(/\./g, '\\.')} from 127\\.0\\.0\\.1:5000 on local failed: .*not found`));
      assert.match(error.hint ?? '', /check that the tag exists in 127\.0\.0\.1:5000/);
      return true;
    });
  });
});
