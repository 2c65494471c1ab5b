import { ConfigError } from '../errors';

/**
 * The Consul-template (Go text/template) form of the original docker-flow's custom templates,
 * converted into Handlebars over the service's servers:
 *   {{range $i, $e := service "SERVICE_NAME" "any"}} server {{$e.Node}}_{{$i}}_{{$e.Port}} {{$e.Address}}:{{$e.Port}} check {{end}}
 * becomes
 *   {{#each servers}} server {{node}}_{{@index}}_{{port}} {{address}}:{{port}} check {{/each}}
 * Trim markers `{{- ` / ` -}}` become `{{~` / `~}}` (both strip all adjacent whitespace) and comments
 * `{{/* *\/}}` become Handlebars comments. Line numbers are preserved. Anything else is a ConfigError
 * naming the file, the line and the construct.
 */
const fieldNames: Readonly<Record<string, string>> = {
  Node: 'node',
  Address: 'address',
  NodeAddress: 'address',
  Port: 'port',
  ID: 'id',
  Service: 'service',
  Name: 'service',
};

const goActionStart = /^(?:range\b|end\b|\$|\.[A-Za-z]|\/\*|(?:if|with|else if|printf|template|define|block)\s|(?:key|keyOrDefault|service|services|ls|tree)\s+")/;
const rangePattern = /^range\s+(?:(\$\w+)\s*,\s*(\$\w+)\s*:=\s*|(\$\w+)\s*:=\s*)?service\s+"([^"]*)"(?:\s+"[^"]*")?$/;
const supportedForms =
  'supported: {{range $i, $e := service "SERVICE_NAME" "any"}} ... {{end}} with {{$i}}, {{$e.Node}}, {{$e.Address}}, {{$e.Port}}, {{$e.ID}}, {{$e.Service}} (or .Field inside the range), trim markers {{- -}} and {{/* comments */}}; anything else can be written in Handlebars ({{#each servers}} {{node}} {{address}}:{{port}} {{/each}})';

interface Action {
  readonly inner: string;
  readonly trimLeft: boolean;
  readonly trimRight: boolean;
  readonly end: number;
}

interface RangeScope {
  readonly indexVar: string | undefined;
  readonly elementVar: string | undefined;
}

/** True when the text uses Go-template actions (range/end/$var/.Field/trim markers/comments), not Handlebars. */
export function isConsulTemplateForm(text: string): boolean {
  for (let open = text.indexOf('{{'); open >= 0; open = text.indexOf('{{', open + 2)) {
    const action = readAction(text, open);
    if (action !== undefined && (action.trimLeft || action.trimRight || goActionStart.test(action.inner))) return true;
  }
  return false;
}

/**
 * Converts a Consul-template form template to Handlebars. `serviceNames`: names `service "..."` may use
 * besides `SERVICE_NAME` (the coloured and plain service names).
 */
export function convertConsulTemplate(text: string, file: string, serviceNames: readonly string[] = []): string {
  const scopes: { scope: RangeScope; line: number }[] = [];
  let output = '';
  let position = 0;
  for (let open = text.indexOf('{{'); open >= 0; open = text.indexOf('{{', position)) {
    output += text.slice(position, open);
    const line = lineAt(text, open);
    const action = readAction(text, open);
    if (action === undefined) throw unsupported(file, line, text.slice(open, open + 40), 'the action is never closed with "}}"');
    const raw = text.slice(open, action.end);
    const newlines = '\n'.repeat(raw.split('\n').length - 1);
    const converted = action.inner.startsWith('/*')
      ? convertComment(action.inner, file, line, raw, newlines)
      : `${convertAction(action.inner, scopes, line, file, raw, serviceNames)}${newlines}`;
    output += `{{${action.trimLeft ? '~' : ''}${converted}${action.trimRight ? '~' : ''}}}`;
    position = action.end;
  }
  const unclosed = scopes.at(-1);
  if (unclosed !== undefined) throw unsupported(file, unclosed.line, 'range', 'this {{range}} has no {{end}}');
  return output + text.slice(position);
}

function readAction(text: string, open: number): Action | undefined {
  const isComment = /^\{\{(?:-\s+)?\/\*/.test(text.slice(open, open + 8));
  const close = isComment ? text.indexOf('*/', open) : open;
  const end = close < 0 ? -1 : text.indexOf('}}', isComment ? close + 2 : open + 2);
  if (end < 0) return undefined;
  let inner = text.slice(open + 2, end);
  const trimLeft = /^-\s/.test(inner);
  const trimRight = /\s-$/.test(inner);
  if (trimLeft) inner = inner.slice(1);
  if (trimRight) inner = inner.slice(0, -1);
  return { inner: inner.trim(), trimLeft, trimRight, end: end + 2 };
}

function convertComment(inner: string, file: string, line: number, raw: string, newlines: string): string {
  if (!inner.endsWith('*/')) throw unsupported(file, line, raw, 'a comment must end with "*/}}"');
  return `!--${newlines}--`;
}

function convertAction(inner: string, scopes: { scope: RangeScope; line: number }[], line: number, file: string, raw: string, serviceNames: readonly string[]): string {
  const range = rangePattern.exec(inner);
  if (range !== null) {
    const name = range[4] ?? '';
    if (name !== 'SERVICE_NAME' && !serviceNames.includes(name)) {
      throw unsupported(file, line, raw, `only the service being deployed can be listed: write service "SERVICE_NAME" instead of service "${name}"`);
    }
    if (scopes.length > 0) throw unsupported(file, line, raw, 'nested {{range}} is not supported');
    scopes.push({ scope: { indexVar: range[1], elementVar: range[2] ?? range[3] }, line });
    return '#each servers';
  }
  if (inner === 'end') {
    if (scopes.pop() === undefined) throw unsupported(file, line, raw, '{{end}} without a {{range}}');
    return '/each';
  }
  const scope = scopes.at(-1)?.scope;
  const variable = /^(\$\w+)(?:\.(\w+))?$/.exec(inner);
  if (variable !== null) {
    const [, name = '', field] = variable;
    if (scope === undefined) throw unsupported(file, line, raw, `${name} is only defined inside {{range}}`);
    if (field === undefined && name === scope.indexVar) return '@index';
    if (field !== undefined && name === scope.elementVar) return mapField(field, file, line, raw);
    throw unsupported(file, line, raw, `${inner} is not the index or element variable of the enclosing {{range}}`);
  }
  const dotField = /^\.(\w+)$/.exec(inner);
  if (dotField !== null && scope !== undefined) return mapField(dotField[1] ?? '', file, line, raw);
  throw unsupported(file, line, raw, 'this Go-template construct has no Handlebars equivalent here');
}

function mapField(field: string, file: string, line: number, raw: string): string {
  const mapped = fieldNames[field];
  if (mapped === undefined) throw unsupported(file, line, raw, `field .${field} is not available (available: ${Object.keys(fieldNames).join(', ')})`);
  return mapped;
}

function unsupported(file: string, line: number, construct: string, reason: string): ConfigError {
  return new ConfigError(file, `line ${line}: unsupported Go-template construct ${JSON.stringify(construct)}: ${reason}`, { hint: supportedForms });
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at >= 0 && at < index; at = text.indexOf('\n', at + 1)) line += 1;
  return line;
}
