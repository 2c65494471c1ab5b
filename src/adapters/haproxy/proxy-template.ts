import path from 'node:path';

import Handlebars from 'handlebars';

import { templateError } from '../../domain/custom-template';
import { mainTemplateFile, proxyTemplateCompileOptions, readProxyTemplateSources, type ProxyTemplateSources } from './proxy-template-sources';
import type { ProxyView } from './proxy-view';

export { mainTemplateFile } from './proxy-template-sources';

/** templates/ of the package: build/src/adapters/haproxy → the package root. */
export const defaultTemplatesDir = path.resolve(__dirname, '..', '..', '..', '..', 'templates');

/** Written by `npm run build` (scripts/precompile-proxy-templates.ts) beside this file's build output. */
export const precompiledTemplatesFile = path.join(__dirname, 'proxy-templates.precompiled.js');

/** The precompiled module: the digest of the sources it was built from and Handlebars template specs. */
export interface PrecompiledProxyTemplates {
  readonly digest: string;
  readonly main: TemplateSpecification;
  readonly partials: Readonly<Record<string, TemplateSpecification>>;
}

type TemplateSpecification = Parameters<typeof Handlebars.template>[0];

const cache = new Map<string, (view: ProxyView) => string>();

/**
 * The haproxy.cfg template of a folder (every other `*.hbs` there is a partial named after its
 * file), once per process, in an isolated Handlebars instance: strict, no HTML escaping. The build
 * precompiles the package's templates, and that copy is used while its digest matches the files
 * (a fresh CLI process then does not spend tens of milliseconds compiling inside a switch); an
 * edited template, or another folder, is compiled here.
 */
export function loadProxyTemplate(templatesDir: string): (view: ProxyView) => string {
  const cached = cache.get(templatesDir);
  if (cached !== undefined) return cached;
  const sources = readProxyTemplateSources(templatesDir);
  const template = precompiledFor(sources) ?? compiled(sources);
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

function compiled(sources: ProxyTemplateSources): (view: ProxyView) => string {
  const handlebars = Handlebars.create();
  for (const [name, text] of sources.partials) handlebars.registerPartial(name, text);
  return handlebars.compile<ProxyView>(sources.main, proxyTemplateCompileOptions);
}

/** The precompiled templates when they were built from exactly these sources, else undefined. */
function precompiledFor(sources: ProxyTemplateSources): ((view: ProxyView) => string) | undefined {
  const precompiled = readPrecompiled();
  if (precompiled?.digest !== sources.digest) return undefined;
  const handlebars = Handlebars.create();
  for (const [name, spec] of Object.entries(precompiled.partials)) handlebars.registerPartial(name, handlebars.template(spec));
  const template = handlebars.template<ProxyView>(precompiled.main);
  return (view) => template(view);
}

function readPrecompiled(): PrecompiledProxyTemplates | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- generated at build time, may be missing (then the templates are compiled)
    return require(precompiledTemplatesFile) as PrecompiledProxyTemplates;
  } catch {
    return undefined;
  }
}
