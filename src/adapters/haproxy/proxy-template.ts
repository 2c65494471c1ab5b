import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import Handlebars from 'handlebars';

import { ConfigError, messageOf } from '../../errors';
import { templateError } from '../../domain/custom-template';
import type { ProxyView } from './proxy-view';

export const mainTemplateFile = 'haproxy.cfg.hbs';

/** templates/ of the package: build/src/adapters/haproxy → the package root. */
export const defaultTemplatesDir = path.resolve(__dirname, '..', '..', '..', '..', 'templates');

const cache = new Map<string, (view: ProxyView) => string>();

/**
 * The compiled haproxy.cfg template of a folder (every other `*.hbs` there is a partial named after its
 * file), compiled once per process in an isolated Handlebars instance: strict, no HTML escaping.
 */
export function loadProxyTemplate(templatesDir: string): (view: ProxyView) => string {
  const cached = cache.get(templatesDir);
  if (cached !== undefined) return cached;
  const handlebars = Handlebars.create();
  let files: string[];
  let main: string;
  try {
    files = readdirSync(templatesDir).filter((file) => file.endsWith('.hbs') && file !== mainTemplateFile).sort();
    main = readFileSync(path.join(templatesDir, mainTemplateFile), 'utf8');
    for (const file of files) handlebars.registerPartial(file.slice(0, -'.hbs'.length), readFileSync(path.join(templatesDir, file), 'utf8'));
  } catch (error: unknown) {
    throw new ConfigError(templatesDir, `cannot read the proxy templates (${messageOf(error)})`, {
      cause: error,
      hint: `the folder must hold ${mainTemplateFile} and its partials; reinstall docker-flow or point to the templates folder`,
    });
  }
  const template = handlebars.compile<ProxyView>(main, { strict: true, noEscape: true });
  const render = (view: ProxyView): string => {
    try {
      return template(view);
    } catch (error: unknown) {
      throw templateError(error, path.join(templatesDir, mainTemplateFile));
    }
  };
  cache.set(templatesDir, render);
  return render;
}
