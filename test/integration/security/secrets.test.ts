import assert from 'node:assert/strict';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { flowFixture, type FlowFixture } from '../flows/flow-fixture';

const secrets = ['planted-secret-env-1234', 'planted-secret-envfile-5678'];
const compose = `
services:
  app:
    image: docker-flow-demo:v1
    ports: ["8080"]
    environment:
      DB_PASSWORD: ${secrets[0]}
    env_file: [secrets.env]
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

  it('no environment value of a service appears in logs (debug, JSON), dry-run output, status, releases or the state files', async () => {
    const outputs: string[] = [];
    const run = async (args: string[]): Promise<void> => {
      const r = await f.cli(['--blue-green', '--target=app', ...args]);
      assert.equal(r.code, 0, r.stderr);
      outputs.push(r.stdout, r.stderr);
    };
    await run(['--flow=deploy', '--log-level=debug', '--log-format=json']);
    await run(['--flow=deploy', '--log-level=debug']);
    await run(['--flow=deploy', '--dry-run']);
    await run(['status', '--json']);
    await run(['releases', '--json']);
    for (const file of await filesUnder(f.stateDir)) outputs.push(await readFile(file, 'utf8'));
    assert.ok(outputs.join('').includes('docker-flow-demo:v1'), 'the outputs were captured');
    for (const secret of secrets) assert.ok(!outputs.join('\n').includes(secret), `${secret} leaked`);
  });

  it('the state folder and its files are readable only by their owner', async () => {
    assert.equal((await stat(f.stateDir)).mode & 0o077, 0, 'state dir is 700');
    for (const file of await filesUnder(f.stateDir)) assert.equal((await stat(file)).mode & 0o077, 0, `${file} is only the owner's`);
  });

  it('published ports are bound to the host address the proxy uses, not 0.0.0.0', async () => {
    const r = await f.cli(['status', '--json']);
    const status = JSON.parse(r.stdout) as { services: { instances: { ports: string[] }[] }[] };
    const ports = status.services.flatMap((s) => s.instances.flatMap((i) => i.ports));
    assert.ok(ports.length > 0);
    for (const p of ports) assert.match(p, /^127\.0\.0\.1:\d+->8080\/tcp$/);
  });
});
