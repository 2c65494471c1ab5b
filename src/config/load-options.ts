import { homedir } from 'node:os';
import { catalogSources, type FlowOptions, type LogFormat, type LogLevel } from './flow-options';
import { checkOptionFiles } from './check-option-files';
import { checkOptionRules } from './check-option-rules';
import { buildHosts } from './hosts';
import { mergeSettings } from './merge-settings';
import type { ConfigFileSettings } from './parse-config-text';
import { optionRowFor } from './option-table';
import { OptionValues } from './option-values';
import { noHooks } from './parse-hooks';
import { parseHostList } from './parse-host-list';
import { readConfigFile } from './read-config-file';
import { readEnvironment } from './read-environment';
import { readFlags } from './read-flags';
import type { RawSetting } from './option-row';
import { resolveProxies } from './resolve-proxies';
import { resolveSchedules } from './resolve-schedules';
import { canaryOptions } from './canary-options';

export { requireTarget } from './require-target';

export interface LoadOptionsInput {
  /** commander's `program.opts()` after registerOptions(program) and parsing. */
  readonly flags: Readonly<Record<string, unknown>>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** docker-flow.yml elsewhere; when given, the file must exist. */
  readonly configPath?: string;
}

/** The options and, per field, the key its value came from (`--scale`, `FLOW_SCALE`, `docker-flow.yml: scale`). */
export interface ResolvedOptions {
  readonly options: FlowOptions;
  /** Only fields set in docker-flow.yml, the environment or a flag; defaults are absent. */
  readonly sources: Readonly<Partial<Record<keyof FlowOptions, string>>>;
}

const logFormats: readonly LogFormat[] = ['text', 'json'];
const logLevels: readonly LogLevel[] = ['error', 'warn', 'info', 'debug'];

/** SPEC §2: docker-flow.yml < environment < flags, merged key by key and validated. */
export function loadOptions(input: LoadOptionsInput): FlowOptions {
  return loadResolvedOptions(input).options;
}

/**
 * loadOptions, plus where each value came from (for messages such as "the token from FLOW_CONSUL_TOKEN
 * was refused"). Also checks the files the options name (state folder, custom proxy templates).
 */
export function loadResolvedOptions(input: LoadOptionsInput): ResolvedOptions {
  const file = readConfigFile(input.configPath === undefined ? { cwd: input.cwd } : { cwd: input.cwd, configPath: input.configPath });
  const resolved = resolveOptions({ file, flags: input.flags, env: input.env, cwd: input.cwd });
  checkOptionFiles(resolved.options, keyFrom(resolved.sources));
  return resolved;
}

/** The key a field was set with, or its flag when it has its default. */
function keyFrom(sources: ResolvedOptions['sources']): (field: keyof FlowOptions) => string {
  return (field) => sources[field] ?? `--${optionRowFor(field).long}`;
}

/** The pure part of loadOptions: the file already read. `home` defaults to $HOME, else the OS's home folder. */
export function resolveOptions(input: {
  readonly file: ConfigFileSettings;
  readonly flags: Readonly<Record<string, unknown>>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly home?: string;
  /** Settings over every source (a schedule's keys for its runs). */
  readonly overrides?: readonly RawSetting[];
}): ResolvedOptions {
  const home = input.home ?? (input.env['HOME'] || homedir());
  const merged = mergeSettings([input.file.settings, readEnvironment(input.env, input.cwd), readFlags(input.flags, input.cwd), input.overrides ?? []]);
  const values = new OptionValues(merged, { env: input.env, cwd: input.cwd, home });
  const certPath = values.text('certPath');
  const hostSetting = merged.get('hosts');
  const fileHosts = input.file.hosts;
  const hosts = buildHosts({
    home,
    ...(hostSetting === undefined ? {} : { setting: hostSetting }),
    ...(fileHosts === undefined ? {} : { fileHosts }),
    ...(certPath === undefined ? {} : { certPath }),
  });
  const consulToken = values.text('consulToken');
  const consulTemplateBePath = values.clearableText('consulTemplateBePath');
  const consulTemplateFePath = values.clearableText('consulTemplateFePath');
  const proxyDockerCertPath = values.text('proxyDockerCertPath');
  const proxyDockerHosts = values.list('proxyDockerHosts');
  const proxySetting = merged.get('proxyDockerHosts');
  const proxies = resolveProxies({
    hosts,
    home,
    ...(proxySetting === undefined ? {} : { dockerHosts: { key: proxySetting.key, values: proxyDockerHosts } }),
    ...(input.file.proxies === undefined ? {} : { fileProxies: input.file.proxies }),
    ...(proxyDockerCertPath === undefined ? {} : { certPath: proxyDockerCertPath }),
  });
  const proxyHost = values.text('proxyHost');
  const proxyCert = values.text('proxyCert');
  const scale = values.scale('scale');
  const target = values.text('target');
  const releaseCommand = values.command('releaseCommand');
  const watchImage = values.text('watchImage');
  const { schedules: scheduleEntries, ...fileWithoutSchedules } = input.file;
  const options: FlowOptions = {
    blueGreen: values.boolean('blueGreen'),
    ...(certPath === undefined ? {} : { certPath }),
    composePaths: values.list('composePaths'),
    consulAddresses: values.list('consulAddresses'),
    consulRetryMs: values.durationMs('consulRetryMs'),
    catalogSource: values.choice('catalogSource', catalogSources),
    ...(consulToken === undefined ? {} : { consulToken }),
    ...(consulTemplateBePath === undefined ? {} : { consulTemplateBePath }),
    ...(consulTemplateFePath === undefined ? {} : { consulTemplateFePath }),
    flows: values.flows('flows'),
    hosts,
    project: values.requiredText('project'),
    ...(proxyDockerCertPath === undefined ? {} : { proxyDockerCertPath }),
    proxyDockerHosts,
    proxies,
    proxyTolerateDown: values.int('proxyTolerateDown'),
    proxyName: values.requiredText('proxyName'),
    ...(proxyHost === undefined ? {} : { proxyHost }),
    proxyReconfPort: values.int('proxyReconfPort'),
    pullSideTargets: values.boolean('pullSideTargets'),
    ...(scale === undefined ? {} : { scale }),
    servicePaths: values.list('servicePaths'),
    sideTargets: values.list('sideTargets'),
    ...(target === undefined ? {} : { target }),
    stateDir: values.requiredText('stateDir'),
    proxyPort: values.int('proxyPort'),
    ...(proxyCert === undefined ? {} : { proxyCert }),
    proxyHttpsPort: values.int('proxyHttpsPort'),
    proxyImage: values.requiredText('proxyImage'),
    healthTimeoutMs: values.durationMs('healthTimeoutMs'),
    engineTimeoutMs: values.durationMs('engineTimeoutMs'),
    settleMs: values.durationMs('settleMs'),
    drainMs: values.durationMs('drainMs'),
    dryRun: values.boolean('dryRun'),
    logFormat: values.choice('logFormat', logFormats),
    logLevel: values.choice('logLevel', logLevels),
    lockWaitMs: values.durationMs('lockWaitMs'),
    ...(values.setting('canaryWeight') === undefined ? {} : { canaryWeight: values.int('canaryWeight') }),
    ...(values.setting('proxyServerMaxconn') === undefined ? {} : { proxyServerMaxconn: values.int('proxyServerMaxconn') }),
    ...canaryOptions(values),
    ...(releaseCommand === undefined ? {} : { releaseCommand }),
    releaseCommandTimeoutMs: values.durationMs('releaseCommandTimeoutMs'),
    hooks: input.file.hooks ?? noHooks(input.cwd),
    notifyWebhooks: values.list('notifyWebhooks'),
    notifyTimeoutMs: values.durationMs('notifyTimeoutMs'),
    notifyRetries: values.int('notifyRetries'),
    keepImages: values.int('keepImages'),
    schedules: resolveSchedules(scheduleEntries ?? [], (overrides) => resolveOptions({ ...input, file: fileWithoutSchedules, overrides }).options),
    ...(watchImage === undefined ? {} : { watchImage }),
    watchIntervalMs: values.durationMs('watchIntervalMs'),
    watchPrereleases: values.boolean('watchPrereleases'),
  };
  checkWholeFile(input.file, values, hostSetting !== undefined, { certPath, home });
  const sources: Partial<Record<keyof FlowOptions, string>> = {};
  for (const setting of merged.values()) sources[setting.field] = setting.key;
  if (hostSetting === undefined && fileHosts !== undefined) sources.hosts = fileHosts.key;
  if (proxySetting === undefined && input.file.proxies !== undefined) sources.proxies = input.file.proxies.key;
  checkOptionRules(options, keyFrom(sources));
  return { options, sources };
}

/**
 * docker-flow.yml is the project's own file, so every value in it must be valid even where the
 * environment or a flag overrides it. (Overridden environment variables are not checked: DOCKER_HOST
 * or CONSUL_HTTP_ADDR may be set for other tools.)
 */
function checkWholeFile(
  file: ConfigFileSettings,
  values: OptionValues,
  hostsOverridden: boolean,
  context: { readonly certPath: string | undefined; readonly home: string },
): void {
  for (const setting of file.settings) values.check(setting);
  if (file.hosts !== undefined && hostsOverridden) parseHostList(file.hosts, context.certPath, context.home);
}
