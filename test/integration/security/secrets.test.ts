import assert from 'node:assert/strict';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { flowFixture, type FlowFixture } from '../flows/flow-fixture';
import { step } from '../support/scenario';

const secrets = ['planted-secret-env-1234', 'planted-secret-envfile-5678'];
/** Marked safe (x-docker-flow-safe-env): --dry-run shows it, nothing else does. */
const safeValue = 'shown-safe-value-4321';
const compose = `
services:
  app:
    image: docker-flow-demo:v1
    ports: ["8080"]
    environment:
      DB_PASSWORD: ${secrets[0]}
      LOG_LEVEL: ${safeValue}
    env_file: [secrets.env]
    x-docker-flow-safe-env: [LOG_LEVEL]
`;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('secrets and permissions', function () {
  let f: FlowFixture;
  before(async () => {
    f = await flowFixture(`sec${process.pid}`, compose);
    await writeFile(join(f.dir, 'secrets.env'), `API_TOKEN=${secrets[1]}\n`);
  });
  after(async () => f.cleanup());

  it(`scenario: after deploys, dry-run, status and releases: no secret leaks, the state is the owner's only, ports are bound to the proxy's host address`, async () => {
    await step('no environment value (environment:, env_file:) appears in logs (debug, JSON), dry-run output, status, releases or the state files unless marked safe, and a safe one only in --dry-run', async () => {
      const outputs: string[] = [];
      const run = async (args: string[]): Promise<string> => {
        const r = await f.cli(['--blue-green', '--target=app', ...args]);
        assert.equal(r.code, 0, r.stderr);
        outputs.push(r.stdout, r.stderr);
        return r.stdout;
      };
      await run(['--flow=deploy', '--log-level=debug', '--log-format=json']);
      await run(['--flow=deploy', '--log-level=debug']);
      const dryRun = await run(['--flow=deploy', '--dry-run', '--log-level=debug']);
      await run(['status', '--json']);
      await run(['releases', '--json']);
      for (const file of await filesUnder(f.stateDir)) outputs.push(await readFile(file, 'utf8'));
      assert.ok(outputs.join('').includes('docker-flow-demo:v1'), 'the outputs were captured');
      for (const secret of secrets) assert.ok(!outputs.join('\n').includes(secret), `${secret} leaked`);
      // the environment (environment: and env_file:) is listed by --dry-run, only the safe value shown
      const envLine = dryRun.split('\n').find((line) => line.trimStart().startsWith('env: '));
      assert.match(envLine ?? '', new RegExp(`^\\s+env: API_TOKEN=<redacted> DB_PASSWORD=<redacted> LOG_LEVEL=${safeValue} SERVICE_NAME=sec${process.pid}-app-(blue|green)$`), dryRun);
      const elsewhere = outputs.filter((text) => text !== dryRun);
      assert.ok(!elsewhere.join('\n').includes(safeValue), 'a value marked safe is shown by --dry-run only, never in logs, status, releases or state');
    });

    await step('the state folder and its files are readable only by their owner', async () => {
      assert.equal((await stat(f.stateDir)).mode & 0o077, 0, 'state dir is 700');
      for (const file of await filesUnder(f.stateDir)) assert.equal((await stat(file)).mode & 0o077, 0, `${file} is only the owner's`);
    });

    await step('published ports are bound to the host address the proxy uses, not 0.0.0.0', async () => {
      const r = await f.cli(['status', '--json']);
      const status = JSON.parse(r.stdout) as { services: { instances: { ports: string[] }[] }[] };
      const ports = status.services.flatMap((s) => s.instances.flatMap((i) => i.ports));
      assert.ok(ports.length > 0);
      for (const p of ports) assert.match(p, /^127\.0\.0\.1:\d+->8080\/tcp$/);
    });
  });
});
