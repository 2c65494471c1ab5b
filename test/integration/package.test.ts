import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './support/free-port';
import { httpGet } from './support/http-get';
import { repoRoot } from './support/repo-root';
import { childEnvironment } from './support/run-cli';
import { tempDir } from './support/temp-dir';
import { flowFixture, type FlowFixture } from './flows/flow-fixture';
import { versionOf } from './flows/request-loop';

const run = promisify(execFile);

/**
 * What `npm pack` ships is what `npm install -g` installs: the packed files alone (with the
 * repository's node_modules beside them, as npm would install them) must make a working command.
 */
describe('the packed package (npm pack) works on its own', function () {
  this.timeout(180_000);
  let packageDir: string;
  let f: FlowFixture;
  let ports: readonly [number, number];
  const packaged = (args: readonly string[]) =>
    run(process.execPath, [join(packageDir, 'build', 'src', 'cli', 'main.js'), '-p', f.project, ...args, '--proxy-port', String(ports[0]), '--proxy-reconf-port', String(ports[1])], {
      cwd: f.dir,
      env: childEnvironment({ FLOW_STATE_DIR: f.stateDir, FLOW_SETTLE: '1' }),
    });

  before(async () => {
    const out = await tempDir('df-pack');
    // build/ is there already (npm test builds first): skip the prepack build
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', out], { cwd: repoRoot() });
    const tarball = stdout.trim().split('\n').pop() ?? '';
    await run('tar', ['-xzf', join(out, tarball), '-C', out]);
    packageDir = join(out, 'package');
    await symlink(join(repoRoot(), 'node_modules'), join(packageDir, 'node_modules'));
    f = await flowFixture(`pkg${process.pid}`);
    ports = [await freePort(), await freePort()];
  });
  after(async () => {
    await packaged(['proxy', 'stop']).catch(() => undefined);
    await f.cleanup();
  });

  it('holds the command, the templates and the manual, and no tests or sources', () => {
    for (const file of ['build/src/cli/main.js', 'templates/haproxy.cfg.hbs', 'templates/backend-service.hbs', 'README.md', 'package.json']) {
      assert.ok(existsSync(join(packageDir, file)), `${file} is packed`);
    }
    for (const file of ['build/test', 'src', 'test', 'scripts']) assert.ok(!existsSync(join(packageDir, file)), `${file} is not packed`);
  });

  it('the packed command deploys through the proxy, rendering the packed templates', async () => {
    const help = await run(process.execPath, [join(packageDir, 'build', 'src', 'cli', 'main.js'), '--help']);
    assert.match(help.stdout, /--proxy-cert <file>/);
    await packaged(['--blue-green', '--target=app', '--service-path=/pkg', '--flow=deploy', '--flow=proxy']);
    assert.equal(versionOf((await httpGet(`http://127.0.0.1:${ports[0]}/pkg/`)).body), 'v1');
  });
});
