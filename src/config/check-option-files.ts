import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { renderCustomTemplate, type CustomTemplateContext } from '../domain/custom-template';
import { colors } from '../domain/color';
import { catalogName, containerName, serviceName } from '../domain/names';
import { ConfigError, errorCode, messageOf } from '../errors';
import type { FlowOptions } from './flow-options';

/** Names the key a field was set with (`--consul-template-be-path`, `FLOW_STATE_DIR`, `docker-flow.yml: ...`). */
export type KeyOf = (field: keyof FlowOptions) => string;

/**
 * Checks what the options name on disk, at start-up and before any flow runs: the state folder is
 * not a file, and each custom proxy template exists and renders (Handlebars or the Consul-template
 * form) for a sample instance. A broken template is so refused before a new colour starts, not
 * when the proxy switches to it. Synchronous, like reading docker-flow.yml.
 */
export function checkOptionFiles(options: FlowOptions, keyOf: KeyOf): void {
  checkStateDir(options.stateDir, keyOf('stateDir'));
  if (typeof options.consulTemplateFePath === 'string') checkTemplate(options.consulTemplateFePath, keyOf('consulTemplateFePath'), options);
  if (typeof options.consulTemplateBePath === 'string') checkTemplate(options.consulTemplateBePath, keyOf('consulTemplateBePath'), options);
  if (options.proxyCert !== undefined) readProxyCertificate(options.proxyCert, keyOf('proxyCert'));
}

/**
 * The PEM file of --proxy-cert, as HAProxy's `crt` takes it: the certificate (then its chain) and
 * its private key in one file. Refused up front when unreadable, missing a part, or when the key is
 * not the certificate's.
 */
export function readProxyCertificate(path: string, key: string): string {
  const fail = (why: string, cause?: unknown): ConfigError =>
    new ConfigError(key, `${path} ${why}`, {
      hint: 'give one PEM file holding the certificate, its chain and its private key (e.g. cat site.crt chain.crt site.key > site.pem)',
      ...(cause === undefined ? {} : { cause }),
    });
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    const code = errorCode(error) ?? 'unknown';
    throw fail(code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`, error);
  }
  const certificate = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  const privateKey = /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/.exec(pem)?.[0];
  if (certificate === undefined) throw fail('holds no PEM certificate (-----BEGIN CERTIFICATE-----)');
  if (privateKey === undefined) throw fail('holds no private key (-----BEGIN PRIVATE KEY-----): HAProxy needs the key in the same file');
  if (privateKey.includes('ENCRYPTED')) throw fail('holds an encrypted private key; HAProxy cannot ask for its passphrase');
  try {
    if (!new X509Certificate(certificate).checkPrivateKey(createPrivateKey(privateKey))) throw new Error('the private key is not the key of the certificate');
  } catch (error) {
    throw fail(`is not usable: ${messageOf(error)}`, error);
  }
  return pem;
}

/** The state folder may be missing (it is created), but neither it nor its nearest existing parent may be a file. */
function checkStateDir(stateDir: string, key: string): void {
  for (let path = stateDir; ; path = dirname(path)) {
    let isFolder: boolean | undefined;
    try {
      isFolder = statSync(path, { throwIfNoEntry: false })?.isDirectory();
    } catch {
      isFolder = undefined; // ENOTDIR: a parent is a file; look further up
    }
    if (isFolder === true) return;
    if (isFolder === false) {
      throw new ConfigError(key, `${path} is a file, not a folder; the state folder ${stateDir} cannot be created there`, {
        hint: 'choose a folder for the state (it is created when missing) with --state-dir, "state_dir:" in docker-flow.yml or FLOW_STATE_DIR',
      });
    }
    if (dirname(path) === path) return;
  }
}

function checkTemplate(path: string, key: string, options: FlowOptions): void {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (error) {
    const code = errorCode(error) ?? 'unknown';
    const reason = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder, not a template file' : `cannot be read (${code})`;
    throw new ConfigError(key, `the template file ${path} ${reason}`, { hint: 'check the path (relative paths start at the current folder, or at docker-flow.yml\'s folder for its keys)', cause: error });
  }
  const failures: ConfigError[] = [];
  for (const context of sampleContexts(options)) {
    try {
      renderCustomTemplate(source, path, context);
      return;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      failures.push(error);
    }
  }
  const first = failures[0];
  if (first !== undefined) throw new ConfigError(key, first.message, { ...(first.hint === undefined ? {} : { hint: first.hint }), cause: first });
}

/** What the template will see at the next proxy switch: one instance of each colour it may route to. */
function sampleContexts(options: FlowOptions): readonly CustomTemplateContext[] {
  const target = options.target ?? 'service';
  const service = serviceName(options.project, target);
  const paths = options.servicePaths.length > 0 ? options.servicePaths : ['/'];
  const variants = options.blueGreen ? colors : [undefined];
  return variants.map((color) => {
    const name = containerName(options.project, target, color, 1);
    const coloredName = catalogName(options.project, target, color);
    return {
      serviceName: service,
      coloredName,
      paths,
      servers: [{ name, id: name, node: options.hosts[0]?.name ?? 'local', address: options.hosts[0]?.address ?? '127.0.0.1', port: 8080, weight: 1, service: coloredName }],
    };
  });
}
