import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { validateConfig } from '../../../../src/adapters/haproxy/validate-config';
import { ProxyError } from '../../../../src/errors';
import { haproxyFixturesDir } from '../../../fixtures/haproxy/fixture-paths';
import { goldenModels, renderOptions } from '../../../fixtures/haproxy/proxy-models';

/** Runs the local haproxy binary (`haproxy -c`), hence the .haproxy suffix: no Docker, no network. */
describe('adapters/haproxy golden configurations pass haproxy -c', function () {
  this.timeout(30_000);
  let dir = '';
  const signal = new AbortController().signal;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'df-haproxy-golden-'));
    await writeFile(path.join(dir, 'version.map'), 'version 0123456789abcdef\n');
  });
  /** The golden text with its version map where this test made one (`haproxy -c` loads the map). */
  const withMap = (text: string): string => text.replaceAll(renderOptions.versionMap, path.join(dir, 'version.map'));
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const name of Object.keys(goldenModels)) {
    it(`${name}.cfg is a valid HAProxy configuration without warnings`, async () => {
      const text = withMap(await readFile(path.join(haproxyFixturesDir, `${name}.cfg`), 'utf8'));
      const candidate = path.join(dir, `${name}.cfg`);
      await writeFile(candidate, text);
      const check = await validateConfig(candidate, text, { haproxyPath: 'haproxy', timeoutMs: 20_000 }, signal);
      assert.deepEqual(check.warnings, []);
    });
  }

  it('a broken configuration is a ProxyError quoting HAProxy and the offending line', async () => {
    const text = withMap(await readFile(path.join(haproxyFixturesDir, 'one-service.cfg'), 'utf8')).replace('    balance roundrobin\n', '    balance roundrobin\n    server broken 10.0.0.1:notaport check\n');
    const candidate = path.join(dir, 'broken.cfg');
    await writeFile(candidate, text);
    const brokenLine = text.split('\n').indexOf('    server broken 10.0.0.1:notaport check') + 1;
    await assert.rejects(validateConfig(candidate, text, { haproxyPath: 'haproxy', timeoutMs: 20_000 }, signal), (error: unknown) => {
      assert.ok(error instanceof ProxyError);
      assert.ok(error.message.includes(`[${candidate}:${brokenLine}]`), error.message);
      assert.match(error.message, /invalid character 'n' in port number 'notaport'/);
      assert.ok(error.message.includes(`line ${brokenLine}: "server broken 10.0.0.1:notaport check"`), error.message);
      assert.match(error.hint ?? '', /keeps its last good configuration/);
      return true;
    });
  });
});
