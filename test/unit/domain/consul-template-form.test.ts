import assert from 'node:assert/strict';

import { convertConsulTemplate, isConsulTemplateForm } from '../../../src/domain/consul-template-form';
import { renderCustomTemplate, type CustomTemplateContext } from '../../../src/domain/custom-template';
import { ConfigError } from '../../../src/errors';

const context: CustomTemplateContext = {
  serviceName: 'books-ms',
  coloredName: 'books-ms-blue',
  paths: ['/books'],
  servers: [
    { name: 'books_ms-blue_1', id: 'books_ms-blue_1', node: 'node-1', address: '10.77.0.11', port: 32768, weight: 1, service: 'books-ms-blue' },
    { name: 'books_ms-blue_2', id: 'books_ms-blue_2', node: 'node-2', address: '10.77.0.12', port: 32769, weight: 1, service: 'books-ms-blue' },
  ],
};
const render = (source: string): string => renderCustomTemplate(source, 'be.tmpl', context);

describe('adapters/haproxy Consul-template form', () => {
  it("renders the original docker-flow's backend template over the service's servers", () => {
    const original = 'backend SERVICE_NAME-be\n    {{range $i, $e := service "SERVICE_NAME" "any"}}\n    server {{$e.Node}}_{{$i}}_{{$e.Port}} {{$e.Address}}:{{$e.Port}} check\n    {{end}}\n';
    assert.equal(render(original), 'backend books-ms-blue-be\n    \n    server node-1_0_32768 10.77.0.11:32768 check\n    \n    server node-2_1_32769 10.77.0.12:32769 check\n    \n');
  });

  it('converts each construct to its Handlebars equivalent', () => {
    const cases: [string, string][] = [
      ['{{range $i, $e := service "SERVICE_NAME" "any"}}{{$e.Node}}{{end}}', '{{#each servers}}{{node}}{{/each}}'],
      ['{{range $e := service "SERVICE_NAME"}}{{$e.ID}} {{$e.Service}}{{end}}', '{{#each servers}}{{id}} {{service}}{{/each}}'],
      ['{{range service "SERVICE_NAME"}}{{.Address}}:{{.Port}}{{end}}', '{{#each servers}}{{address}}:{{port}}{{/each}}'],
      ['a\n  {{- range $i, $e := service "SERVICE_NAME" -}}\n  {{$i}}\n{{- end}}', 'a\n  {{~#each servers~}}\n  {{@index}}\n{{~/each}}'],
      ['x{{/* a\ncomment */}}y', 'x{{!--\n--}}y'],
      ['{{range $i, $e := service "books-ms-blue" "any"}}{{end}}', '{{#each servers}}{{/each}}'],
    ];
    for (const [go, handlebars] of cases) assert.equal(convertConsulTemplate(go, 'be.tmpl', ['books-ms-blue']), handlebars, go);
  });

  it('applies trim markers like Go: {{- and -}} remove the whitespace next to them', () => {
    assert.equal(render('servers:\n  {{- range $i, $e := service "SERVICE_NAME" "any"}}\n    server s{{$i}} {{$e.Address}}:{{$e.Port}}\n  {{- end}}\n'), 'servers:\n    server s0 10.77.0.11:32768\n    server s1 10.77.0.12:32769\n');
  });

  it('tells the two forms apart', () => {
    assert.equal(isConsulTemplateForm('{{range $i, $e := service "SERVICE_NAME"}}{{end}}'), true);
    assert.equal(isConsulTemplateForm('{{- if .X -}}'), true);
    assert.equal(isConsulTemplateForm('{{#each servers}}{{address}}{{/each}}'), false);
    assert.equal(isConsulTemplateForm('acl url_SERVICE_NAME path_beg /x'), false);
  });

  it('names the file, line and construct of anything unsupported, with a hint', () => {
    const cases: [string, number, RegExp][] = [
      ['backend x\n{{if .Healthy}}up{{end}}', 2, /"\{\{if \.Healthy\}\}"/],
      ['a\nb\n{{range $i, $e := service "other"}}{{end}}', 3, /write service "SERVICE_NAME" instead of service "other"/],
      ['{{range $i, $e := service "SERVICE_NAME"}}\n{{$e.Tags}}\n{{end}}', 2, /field \.Tags is not available/],
      ['{{range $i, $e := service "SERVICE_NAME"}}\n\n{{$x.Port}}{{end}}', 3, /\$x\.Port is not the index or element variable/],
      ['{{$e.Port}}', 1, /\$e is only defined inside \{\{range\}\}/],
      ['x\n{{end}}', 2, /\{\{end\}\} without a \{\{range\}\}/],
      ['{{range service "SERVICE_NAME"}}\n{{range service "SERVICE_NAME"}}{{end}}{{end}}', 2, /nested \{\{range\}\}/],
      ['\n{{range service "SERVICE_NAME"}}x', 2, /has no \{\{end\}\}/],
      ['{{key "service/x"}}', 1, /"\{\{key \\"service\/x\\"\}\}"/],
      ['{{printf "%s" .Address}}', 1, /printf/],
    ];
    for (const [source, line, detail] of cases) {
      assert.throws(
        () => render(source),
        (error: unknown) => error instanceof ConfigError && error.key === 'be.tmpl' && error.message.startsWith(`be.tmpl: line ${line}: unsupported Go-template construct`) && detail.test(error.message) && (error.hint ?? '').includes('{{range $i, $e := service "SERVICE_NAME" "any"}}'),
        source,
      );
    }
  });

  it('keeps line numbers: the converted template has the same lines as the original', () => {
    const source = '{{range $i, $e := service "SERVICE_NAME"}}\n{{/* two\nlines */}}\n{{$e.Port}}\n{{end}}\n';
    assert.equal(convertConsulTemplate(source, 'be.tmpl').split('\n').length, source.split('\n').length);
    assert.throws(() => render(`${source}{{/* x\ny */}}\n{{$e.Tags}}`), (error: unknown) => error instanceof ConfigError && /^be\.tmpl: line 8: unsupported/.test(error.message));
  });

  it('renders Handlebars templates with SERVICE_NAME replaced and without HTML escaping', () => {
    assert.equal(render('backend SERVICE_NAME-be\n{{#each servers}}\n    server {{name}} {{address}}:{{port}} # <{{service}}>\n{{/each}}\n'), 'backend books-ms-blue-be\n    server books_ms-blue_1 10.77.0.11:32768 # <books-ms-blue>\n    server books_ms-blue_2 10.77.0.12:32769 # <books-ms-blue>\n');
  });
});
