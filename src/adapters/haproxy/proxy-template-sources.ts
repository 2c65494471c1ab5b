import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { ConfigError, messageOf } from '../../errors';

export const mainTemplateFile = 'haproxy.cfg.hbs';

/** How the proxy templates are compiled, at build time (precompiled) and at run time alike. */
export const proxyTemplateCompileOptions = { strict: true, noEscape: true } as const;

/** The haproxy.cfg template of a folder and its partials (every other `*.hbs`, named after its file), with a digest of them all. */
export interface ProxyTemplateSources {
  readonly main: string;
  readonly partials: readonly (readonly [name: string, text: string])[];
  /** sha256 of the file names and texts: a precompiled copy is used only while it matches. */
  readonly digest: string;
}

export function readProxyTemplateSources(templatesDir: string): ProxyTemplateSources {
  try {
    const files = readdirSync(templatesDir).filter((file) => file.endsWith('.hbs') && file !== mainTemplateFile).sort();
    const main = readFileSync(path.join(templatesDir, mainTemplateFile), 'utf8');
    const partials = files.map((file) => [file.slice(0, -'.hbs'.length), readFileSync(path.join(templatesDir, file), 'utf8')] as const);
    const hash = createHash('sha256').update(main);
    for (const [name, text] of partials) hash.update(`\0${name}\0${text}`);
    return { main, partials, digest: hash.digest('hex') };
  } catch (error: unknown) {
    throw new ConfigError(templatesDir, `cannot read the proxy templates (${messageOf(error)})`, {
      cause: error,
      hint: `the folder must hold ${mainTemplateFile} and its partials; reinstall docker-flow or point to the templates folder`,
    });
  }
}
