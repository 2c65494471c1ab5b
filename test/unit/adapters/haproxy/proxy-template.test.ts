import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { defaultTemplatesDir, loadProxyTemplate, precompiledTemplatesFile, type PrecompiledProxyTemplates } from '../../../../src/adapters/haproxy/proxy-template';
import { readProxyTemplateSources } from '../../../../src/adapters/haproxy/proxy-template-sources';
import { renderProxyConfig } from '../../../../src/adapters/haproxy/render-proxy-config';
import { ConfigError } from '../../../../src/errors';
import { templatesDir } from '../../../fixtures/haproxy/fixture-paths';
import { goldenModels, renderOptions } from '../../../fixtures/haproxy/proxy-models';

describe('adapters/haproxy loadProxyTemplate: the build precompiles the package templates', () => {
  let copy: string;
  beforeEach(() => {
    copy = mkdtempSync(path.join(tmpdir(), 'df-templates-'));
    cpSync(templatesDir, copy, { recursive: true });
  });
  afterEach(() => rmSync(copy, { recursive: true, force: true }));

  it('npm run build wrote a precompiled copy of exactly the templates/ files (a stale build would compile at run time)', () => {
    assert.equal(path.resolve(defaultTemplatesDir), path.resolve(templatesDir));
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the generated module, as loadProxyTemplate reads it
    const precompiled = require(precompiledTemplatesFile) as PrecompiledProxyTemplates;
    assert.equal(precompiled.digest, readProxyTemplateSources(templatesDir).digest);
    assert.deepEqual(Object.keys(precompiled.partials).sort(), readProxyTemplateSources(templatesDir).partials.map(([name]) => name));
  });

  it('renders the same bytes from the precompiled copy as from the template files compiled at run time', () => {
    for (const [name, model] of Object.entries(goldenModels)) {
      const precompiled = renderProxyConfig(model, { templatesDir, ...renderOptions });
      const compiled = renderProxyConfig(model, { templatesDir: copy, ...renderOptions });
      assert.equal(precompiled.text, compiled.text, name);
    }
  });

  it('an edited template is rendered as edited, not from the precompiled copy', () => {
    const main = path.join(copy, 'haproxy.cfg.hbs');
    writeFileSync(main, `# edited by the operator\n${readFileSync(main, 'utf8')}`);
    const model = goldenModels['several-projects'];
    assert.ok(model !== undefined);
    assert.match(renderProxyConfig(model, { templatesDir: copy, ...renderOptions }).text, /^# edited by the operator\n/);
  });

  it('stays strict: a view without a field the template reads is a ConfigError naming the template file', () => {
    assert.throws(() => loadProxyTemplate(templatesDir)({} as Parameters<ReturnType<typeof loadProxyTemplate>>[0]), (e: unknown) => e instanceof ConfigError && e.message.includes('haproxy.cfg.hbs'));
  });
});
