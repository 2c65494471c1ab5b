import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkOptionFiles } from '../../../src/config/check-option-files';
import { optionRowFor } from '../../../src/config/option-table';
import { assertConfigError, optionsFrom } from './support/resolve-from';

const keyOf = (field: Parameters<typeof optionRowFor>[0]): string => `--${optionRowFor(field).long}`;

describe('config/check-option-files', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'df-check-files-'));
    writeFileSync(join(dir, 'file.txt'), 'not a folder');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const check = (argv: readonly string[]) => () => checkOptionFiles(optionsFrom({ argv: ['--target=app', `--state-dir=${join(dir, 'state')}`, ...argv], cwd: dir }), keyOf);

  it('accepts a missing state folder and working templates in both forms', () => {
    writeFileSync(join(dir, 'fe.tmpl'), '    acl url_SERVICE_NAME path_beg {{#each paths}}{{this}} {{/each}}\n');
    writeFileSync(join(dir, 'be.tmpl'), 'backend SERVICE_NAME-be\n{{range $i, $e := service "SERVICE_NAME" "any"}}    server {{$e.Node}}_{{$i}} {{$e.Address}}:{{$e.Port}}\n{{end}}');
    assert.doesNotThrow(check(['--consul-template-fe-path=fe.tmpl', '--consul-template-be-path=be.tmpl', '--blue-green']));
  });

  it('refuses a state folder that is a file, or lies under one', () => {
    assertConfigError(check([`--state-dir=${join(dir, 'file.txt')}`]), { key: '--state-dir', includes: [`${join(dir, 'file.txt')} is a file, not a folder`] });
    assertConfigError(check([`--state-dir=${join(dir, 'file.txt', 'a', 'b')}`]), { key: '--state-dir', includes: ['is a file, not a folder', '--state-dir'] });
  });

  it('refuses a template that is missing, a folder, or does not render, naming the file and line', () => {
    assertConfigError(check(['--consul-template-fe-path=nope.tmpl']), { key: '--consul-template-fe-path', includes: [`${join(dir, 'nope.tmpl')} does not exist`] });
    assertConfigError(check(['--consul-template-be-path=.']), { key: '--consul-template-be-path', includes: ['is a folder'] });
    writeFileSync(join(dir, 'be.tmpl'), 'backend x\n{{#each servers}}\n  server {{name}} {{adress}}:{{port}}\n{{/each}}\n');
    assertConfigError(check(['--consul-template-be-path=be.tmpl']), { key: '--consul-template-be-path', includes: [`${join(dir, 'be.tmpl')}: line 3`, 'adress', 'fields a template can use'] });
    writeFileSync(join(dir, 'fe.tmpl'), '{{#each servers}}\n  acl a path_beg /x\n');
    assertConfigError(check(['--consul-template-fe-path=fe.tmpl']), { key: '--consul-template-fe-path', includes: ['cannot parse the template', 'Handlebars syntax'] });
  });
});
