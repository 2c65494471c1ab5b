import Handlebars from 'handlebars';

import { ConfigError, messageOf } from '../errors';
import { convertConsulTemplate, isConsulTemplateForm } from './consul-template-form';

/** One server as a custom template sees it (Handlebars fields; the Consul-template form maps onto them). */
export interface CustomTemplateServer {
  readonly name: string;
  /** Consul's service ID ({{$e.ID}}): the server name. */
  readonly id: string;
  /** The host the instance runs on ({{$e.Node}}). */
  readonly node: string;
  readonly address: string;
  readonly port: number;
  readonly weight: number;
  /** Catalog name of the instance ({{$e.Service}}): `<project>-<target>-<color>`. */
  readonly service: string;
}

export interface CustomTemplateContext {
  readonly serviceName: string;
  readonly coloredName: string;
  readonly paths: readonly string[];
  readonly servers: readonly CustomTemplateServer[];
}

const handlebars = Handlebars.create();
const compiled = new Map<string, HandlebarsTemplateDelegate<CustomTemplateContext>>();

/**
 * Renders a custom frontend/backend template (Handlebars or the original's Consul-template form).
 * `SERVICE_NAME` is replaced by the coloured service name. `file` names the template in errors.
 */
export function renderCustomTemplate(source: string, file: string, context: CustomTemplateContext): string {
  const goForm = isConsulTemplateForm(source);
  const converted = goForm ? convertConsulTemplate(source, file, [context.coloredName, context.serviceName]) : source;
  const handlebarsSource = converted.replaceAll('SERVICE_NAME', context.coloredName);
  const key = `${goForm ? 'go' : 'handlebars'}\0${handlebarsSource}`;
  try {
    let template = compiled.get(key);
    if (template === undefined) {
      // Go templates keep every line's whitespace ({{- -}} aside): no Handlebars standalone-line removal.
      template = handlebars.compile<CustomTemplateContext>(handlebarsSource, { strict: true, noEscape: true, ignoreStandalone: goForm });
      compiled.set(key, template);
    }
    return template(context);
  } catch (error: unknown) {
    throw templateError(error, file);
  }
}

/** Maps a Handlebars parse or strict-mode error to a ConfigError naming the file and line. */
export function templateError(error: unknown, file: string): ConfigError {
  const message = messageOf(error);
  const parse = /^Parse error on line (\d+):\n(.*)\n.*\n(.*)$/s.exec(message);
  if (parse !== null) {
    return new ConfigError(file, `line ${parse[1] ?? '?'}: cannot parse the template near ${JSON.stringify(parse[2] ?? '')} (${parse[3] ?? ''})`, {
      cause: error,
      hint: 'fix the Handlebars syntax at that line: blocks are {{#each servers}} ... {{/each}}, values {{address}}',
    });
  }
  const located = /^(.*) - (\d+):(\d+)$/s.exec(message);
  const text = (located?.[1] ?? message).replace(/ in \[object Object\]$/, '');
  const where = located === null ? '' : `line ${located[2] ?? '?'}: `;
  return new ConfigError(file, `${where}${text}`, {
    cause: error,
    hint: 'the fields a template can use are serviceName, coloredName, paths and servers (each with name, id, node, address, port, weight, service)',
  });
}
