import assert from 'node:assert/strict';
import { join } from 'node:path';
import { testCwd } from './support/option-samples';
import { assertConfigError, optionsFrom, resolveFrom } from './support/resolve-from';

describe('config: dropping a remembered custom template (--no-consul-template-fe-path / -be-path)', () => {
  it('reads --no-<flag> and "false" in docker-flow.yml as "drop", a path as the template to use', () => {
    assert.equal(optionsFrom({ argv: ['--no-consul-template-fe-path'] }).consulTemplateFePath, false);
    assert.equal(optionsFrom({ argv: ['--no-consul-template-be-path'] }).consulTemplateBePath, false);
    assert.equal(optionsFrom({ yml: 'consul_template_fe_path: false\n' }).consulTemplateFePath, false);
    assert.equal(optionsFrom({ yml: 'consul_template_be_path: be.tmpl\n' }).consulTemplateBePath, join(testCwd, 'be.tmpl'));
    assert.equal(optionsFrom({}).consulTemplateFePath, undefined);
  });

  it('the flag wins over the file either way, and names the key it came from', () => {
    const dropped = resolveFrom({ yml: 'consul_template_fe_path: fe.tmpl\n', argv: ['--no-consul-template-fe-path'] });
    assert.equal(dropped.options.consulTemplateFePath, false);
    assert.equal(dropped.sources.consulTemplateFePath, '--no-consul-template-fe-path');
    assert.equal(optionsFrom({ yml: 'consul_template_fe_path: false\n', argv: ['--consul-template-fe-path', '/t/fe.tmpl'] }).consulTemplateFePath, '/t/fe.tmpl');
  });

  it('true is not a template: the error names the key and what is accepted', () => {
    assertConfigError(() => optionsFrom({ yml: 'consul_template_fe_path: true\n' }), { key: 'docker-flow.yml: consul_template_fe_path', includes: ['a boolean', 'a file system path'] });
  });
});
