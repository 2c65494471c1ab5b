import { basename, isAbsolute, join } from 'node:path';
import { normaliseProjectName } from '../domain/names';
import { flowNames } from './flow-options';
import type { FlowOptions } from './flow-options';
import type { DefaultContext, DefaultValue, OptionRow } from './option-row';
import {
  checkConsulAddress,
  checkWebhookUrl,
  checkDockerEndpoint,
  checkContainerName,
  checkProxyDockerHost,
  checkImageReference,
  checkProjectName,
  checkProxyHost,
  checkServiceName,
  checkServicePath,
  showWebhookUrl,
} from './value-checks';
import { checkWatchImage } from './check-watch-image';
import { checkCanarySteps, checkErrorRateLimit, checkResponseTimeLimit } from './check-canary-values';

const fixed = (value: DefaultValue['value']) => (): DefaultValue => ({ value });

function defaultStateDir(context: DefaultContext): DefaultValue {
  const xdg = context.env['XDG_STATE_HOME'];
  if (xdg !== undefined && isAbsolute(xdg)) return { value: join(xdg, 'docker-flow'), key: 'XDG_STATE_HOME' };
  return { value: join(context.home, '.local', 'state', 'docker-flow') };
}

function defaultCertPath(context: DefaultContext): DefaultValue | undefined {
  const value = context.env['DOCKER_CERT_PATH'];
  return value === undefined || value === '' ? undefined : { value, key: 'DOCKER_CERT_PATH' };
}

function defaultProject(context: DefaultContext): DefaultValue {
  return { value: normaliseProjectName(basename(context.cwd)), key: `--project (derived from the folder name "${basename(context.cwd)}")` };
}

/**
 * SPEC §2 plus the options docker-flow added. One row drives the commander flag, the
 * docker-flow.yml key, the environment variable(s), the help text and the README table.
 */
export const optionTable: readonly OptionRow[] = [
  { long: 'blue-green', short: 'b', ymlKey: 'blue_green', env: ['FLOW_BLUE_GREEN'], kind: 'boolean', field: 'blueGreen',
    description: 'start each release as a new colour beside the live one (blue-green)', defaultText: 'false', fallback: fixed(false) },
  { long: 'cert-path', valueName: 'dir', ymlKey: 'cert_path', env: ['FLOW_CERT_PATH'], kind: 'string', field: 'certPath', path: true,
    description: 'folder with ca.pem, cert.pem and key.pem for tcp:// Docker hosts', defaultText: '$DOCKER_CERT_PATH', fallback: defaultCertPath },
  { long: 'compose-path', short: 'f', valueName: 'file', ymlKey: 'compose_path', env: ['FLOW_COMPOSE_PATH'], kind: 'string-list',
    field: 'composePaths', path: true, minItems: 1, description: 'compose file; repeat to merge several files in order',
    defaultText: 'docker-compose.yml', fallback: fixed(['docker-compose.yml']) },
  { long: 'consul-address', short: 'c', valueName: 'url', ymlKey: 'consul_address', env: ['FLOW_CONSUL_ADDRESS', 'CONSUL_HTTP_ADDR'],
    kind: 'string-list', field: 'consulAddresses', check: checkConsulAddress,
    description: 'Consul HTTP address for state and the catalog; repeat for several agents, tried in order when one does not answer',
    defaultText: 'none: embedded catalog' },
  { long: 'consul-retry', valueName: 'duration', ymlKey: 'consul_retry', env: ['FLOW_CONSUL_RETRY'], kind: 'duration', field: 'consulRetryMs',
    description: 'how long a Consul request is retried (with backoff, on every agent) while Consul has no leader, answers 5xx or refuses connections',
    defaultText: '30s', fallback: fixed('30') },
  { long: 'catalog-source', valueName: 'source', ymlKey: 'catalog_source', env: ['FLOW_CATALOG_SOURCE'], kind: 'enum', field: 'catalogSource',
    choices: ['docker-flow', 'any'], description: "whose catalog registrations the proxy routes to: docker-flow's own, or any (gliderlabs/registrator's too, by SERVICE_NAME; one server per address and port)",
    defaultText: 'docker-flow', fallback: fixed('docker-flow') },
  { long: 'consul-token', valueName: 'token', ymlKey: 'consul_token', env: ['FLOW_CONSUL_TOKEN', 'CONSUL_HTTP_TOKEN'], kind: 'string',
    field: 'consulToken', description: 'Consul ACL token' },
  { long: 'consul-template-be-path', valueName: 'file', ymlKey: 'consul_template_be_path', env: ['FLOW_CONSUL_TEMPLATE_BE_PATH'],
    kind: 'string', field: 'consulTemplateBePath', path: true, description: 'custom proxy backend template for the service (remembered with the route)',
    clearable: 'drop the custom backend template remembered with the route: the generated backend serves again' },
  { long: 'consul-template-fe-path', valueName: 'file', ymlKey: 'consul_template_fe_path', env: ['FLOW_CONSUL_TEMPLATE_FE_PATH'],
    kind: 'string', field: 'consulTemplateFePath', path: true, description: 'custom proxy frontend template for the service (remembered with the route)',
    clearable: 'drop the custom frontend template remembered with the route: the generated rules serve again' },
  { long: 'flow', short: 'F', valueName: 'flow', ymlKey: 'flow', env: ['FLOW'], kind: 'flow-list', field: 'flows', minItems: 1,
    choices: flowNames, description: `flow to run (${flowNames.join(', ')}); repeat to run several in order`,
    defaultText: 'deploy', fallback: fixed(['deploy']) },
  { long: 'host', short: 'H', valueName: 'endpoint', ymlKey: 'host', env: ['FLOW_HOST', 'DOCKER_HOST'], kind: 'string-list',
    field: 'hosts', minItems: 1, check: checkDockerEndpoint,
    description: 'Docker host of the cluster (unix://, tcp://host:port, ssh://user@host); repeat for several',
    defaultText: 'local engine unix:///var/run/docker.sock' },
  { long: 'project', short: 'p', valueName: 'name', ymlKey: 'project', env: ['FLOW_PROJECT'], kind: 'string', field: 'project',
    check: checkProjectName, description: 'compose project name', defaultText: "current directory's name", fallback: defaultProject },
  { long: 'proxy-docker-cert-path', valueName: 'dir', ymlKey: 'proxy_docker_cert_path', env: ['FLOW_PROXY_DOCKER_CERT_PATH'],
    kind: 'string', field: 'proxyDockerCertPath', path: true, description: 'TLS cert folder for the proxy Docker host' },
  { long: 'proxy-docker-host', valueName: 'endpoint', ymlKey: 'proxy_docker_host', env: ['FLOW_PROXY_DOCKER_HOST'], kind: 'string-list',
    field: 'proxyDockerHosts', check: checkProxyDockerHost,
    description: 'Docker host that runs a proxy container: a Docker endpoint, the name of a host of the cluster, or local (the local HAProxy process); repeat for a tier of proxies switched together (or "proxies:" in docker-flow.yml)',
    defaultText: 'the local HAProxy process', fallback: fixed([]) },
  { long: 'proxy-tolerate-down', valueName: 'n', ymlKey: 'proxy_tolerate_down', env: ['FLOW_PROXY_TOLERATE_DOWN'], kind: 'int', field: 'proxyTolerateDown',
    min: 0, max: 1000, description: 'route changes proceed when at most n proxies of the tier do not answer (they are named, and brought up to date when they answer again); 0: every proxy must confirm',
    defaultText: '0', fallback: fixed('0') },
  { long: 'proxy-server-maxconn', valueName: 'n', ymlKey: 'proxy_server_maxconn', env: ['FLOW_PROXY_SERVER_MAXCONN'], kind: 'int', field: 'proxyServerMaxconn', min: 0, max: 1_000_000,
    description: 'most requests the proxy sends one instance at once (HAProxy server maxconn); the others wait in the proxy\'s queue (up to 30 s). Remembered with the route; 0 removes the limit',
    defaultText: 'none (no limit, or the value stored with the route)' },
  { long: 'proxy-name', valueName: 'name', ymlKey: 'proxy_name', env: ['FLOW_PROXY_NAME'], kind: 'string', field: 'proxyName', check: checkContainerName,
    description: 'name of the proxy container on each proxy host', defaultText: 'docker-flow-proxy', fallback: fixed('docker-flow-proxy') },
  { long: 'proxy-host', valueName: 'host[:port]', ymlKey: 'proxy_host', env: ['FLOW_PROXY_HOST'], kind: 'string', field: 'proxyHost',
    check: checkProxyHost, description: 'where clients reach the proxy' },
  { long: 'proxy-reconf-port', valueName: 'port', ymlKey: 'proxy_reconf_port', env: ['FLOW_PROXY_RECONF_PORT'], kind: 'int',
    field: 'proxyReconfPort', min: 1, max: 65535, description: "port of the proxy's status endpoint", defaultText: '8080', fallback: fixed('8080') },
  { long: 'pull-side-targets', short: 'S', ymlKey: 'pull_side_targets', env: ['FLOW_PULL_SIDE_TARGETS'], kind: 'boolean',
    field: 'pullSideTargets', description: 'pull the images of side targets before deploying', defaultText: 'false', fallback: fixed(false) },
  { long: 'scale', short: 's', valueName: 'n', ymlKey: 'scale', env: ['FLOW_SCALE'], kind: 'scale', field: 'scale',
    description: 'instances: N, +N or -N', defaultText: 'keep current, 1 on first deploy' },
  { long: 'service-path', valueName: 'path', ymlKey: 'service_path', env: ['FLOW_SERVICE_PATH'], kind: 'string-list',
    field: 'servicePaths', check: checkServicePath, description: 'URL path prefix the proxy routes to the service; repeat for several',
    fallback: fixed([]) },
  { long: 'side-target', short: 'T', valueName: 'service', ymlKey: 'side_targets', env: ['FLOW_SIDE_TARGETS'], kind: 'string-list',
    field: 'sideTargets', check: checkServiceName, description: 'compose service started beside the target (not blue-green); repeat for several',
    defaultText: 'none', fallback: fixed([]) },
  { long: 'target', short: 't', valueName: 'service', ymlKey: 'target', env: ['FLOW_TARGET'], kind: 'string', field: 'target',
    check: checkServiceName, description: 'compose service to deploy', defaultText: 'required by the flows' },
  { long: 'state-dir', valueName: 'dir', ymlKey: 'state_dir', env: ['FLOW_STATE_DIR'], kind: 'string', field: 'stateDir', path: true,
    description: "folder of the embedded store, the local proxy's files and locks",
    defaultText: '$XDG_STATE_HOME/docker-flow or ~/.local/state/docker-flow', fallback: defaultStateDir },
  { long: 'proxy-port', valueName: 'port', ymlKey: 'proxy_port', env: ['FLOW_PROXY_PORT'], kind: 'int', field: 'proxyPort', min: 1,
    max: 65535, description: "port of the proxy's HTTP frontend", defaultText: '80', fallback: fixed('80') },
  { long: 'proxy-cert', valueName: 'file', ymlKey: 'proxy_cert', env: ['FLOW_PROXY_CERT'], kind: 'string', field: 'proxyCert', path: true,
    description: 'PEM file with the certificate (chain) and its private key: the proxy then serves HTTPS too (port: --proxy-https-port)',
    defaultText: 'none: HTTP only' },
  { long: 'proxy-https-port', valueName: 'port', ymlKey: 'proxy_https_port', env: ['FLOW_PROXY_HTTPS_PORT'], kind: 'int', field: 'proxyHttpsPort',
    min: 1, max: 65535, description: "port of the proxy's HTTPS frontend (with --proxy-cert)", defaultText: '443', fallback: fixed('443') },
  { long: 'proxy-image', valueName: 'image', ymlKey: 'proxy_image', env: ['FLOW_PROXY_IMAGE'], kind: 'string', field: 'proxyImage',
    check: checkImageReference, description: 'image of the proxy container on --proxy-docker-host (HAProxy 2.x with /bin/sh)',
    defaultText: 'docker-flow-haproxy:2.6', fallback: fixed('docker-flow-haproxy:2.6') },
  { long: 'health-timeout', valueName: 'duration', ymlKey: 'health_timeout', env: ['FLOW_HEALTH_TIMEOUT'], kind: 'duration',
    field: 'healthTimeoutMs', minMs: 1, description: 'how long new instances get to become healthy before the deploy rolls back',
    defaultText: '120s', fallback: fixed('120') },
  { long: 'engine-timeout', valueName: 'duration', ymlKey: 'engine_timeout', env: ['FLOW_ENGINE_TIMEOUT'], kind: 'duration',
    field: 'engineTimeoutMs', minMs: 1, description: 'how long one Docker Engine API call may take before the host counts as not answering',
    defaultText: '60s', fallback: fixed('60') },
  { long: 'settle', valueName: 'duration', ymlKey: 'settle', env: ['FLOW_SETTLE'], kind: 'duration', field: 'settleMs',
    description: 'without a health check: how long an instance must keep running to count as healthy', defaultText: '3s', fallback: fixed('3') },
  { long: 'drain', valueName: 'duration', ymlKey: 'drain', env: ['FLOW_DRAIN'], kind: 'duration', field: 'drainMs',
    description: 'how long in-flight requests get to finish before an old instance stops', defaultText: '10s', fallback: fixed('10') },
  { long: 'dry-run', ymlKey: 'dry_run', env: ['FLOW_DRY_RUN'], kind: 'boolean', field: 'dryRun',
    description: 'print the plan without changing anything', defaultText: 'false', fallback: fixed(false) },
  { long: 'log-format', valueName: 'format', ymlKey: 'log_format', env: ['FLOW_LOG_FORMAT'], kind: 'enum', field: 'logFormat',
    choices: ['text', 'json'], description: 'log output: text (a timeline) or json', defaultText: 'text', fallback: fixed('text') },
  { long: 'log-level', valueName: 'level', ymlKey: 'log_level', env: ['FLOW_LOG_LEVEL'], kind: 'enum', field: 'logLevel',
    choices: ['error', 'warn', 'info', 'debug'], description: 'least important messages shown', defaultText: 'info', fallback: fixed('info') },
  { long: 'lock-wait', valueName: 'duration', ymlKey: 'lock_wait', env: ['FLOW_LOCK_WAIT'], kind: 'duration', field: 'lockWaitMs',
    description: 'how long to wait for another deploy of the service to finish (0: fail at once)', defaultText: '0s', fallback: fixed('0') },
  { long: 'canary-weight', valueName: 'percent', ymlKey: 'canary_weight', env: ['FLOW_CANARY_WEIGHT'], kind: 'int', field: 'canaryWeight', min: 1, max: 99,
    description: 'with deploy + proxy: send this percentage of requests to the new colour and the rest to the old; a later --flow=proxy promotes it to 100', defaultText: 'none (all traffic moves)' },
  { long: 'canary-steps', valueName: 'percents', ymlKey: 'canary.steps', env: ['FLOW_CANARY_STEPS'], kind: 'string-list', field: 'canarySteps', check: checkCanarySteps, numericItems: true,
    description: 'with deploy + proxy (blue-green): move this percentage of requests to the new colour step by step, e.g. 10,25,50,100, each judged from the proxy\'s counters; a failed step returns all traffic to the old colour (exit 1)',
    defaultText: 'none (no stepped canary)' },
  { long: 'canary-interval', valueName: 'duration', ymlKey: 'canary.interval', env: ['FLOW_CANARY_INTERVAL'], kind: 'duration', field: 'canaryIntervalMs', minMs: 1000,
    description: 'how long each canary step is watched before it is judged', defaultText: '60s', fallback: fixed('60') },
  { long: 'canary-min-requests', valueName: 'n', ymlKey: 'canary.min_requests', env: ['FLOW_CANARY_MIN_REQUESTS'], kind: 'int', field: 'canaryMinRequests', min: 1, max: 1_000_000_000,
    description: 'requests the new colour must answer in a step before the step is judged (fewer: the step is extended)', defaultText: '100', fallback: fixed('100') },
  { long: 'canary-max-extensions', valueName: 'n', ymlKey: 'canary.max_extensions', env: ['FLOW_CANARY_MAX_EXTENSIONS'], kind: 'int', field: 'canaryMaxExtensions', min: 0, max: 100,
    description: 'extra intervals a canary step with too few requests gets before the canary fails', defaultText: '3', fallback: fixed('3') },
  { long: 'canary-max-error-rate', valueName: 'limit', ymlKey: 'canary.max_error_rate', env: ['FLOW_CANARY_MAX_ERROR_RATE'], kind: 'string-list', field: 'canaryMaxErrorRate',
    check: checkErrorRateLimit, description: 'largest error rate (5xx, failed connections, broken responses) of the new colour in a step: 1% absolute, +1% above the old colour\'s; every limit given must hold',
    defaultText: '1%', fallback: fixed(['1%']) },
  { long: 'canary-max-response-time', valueName: 'limit', ymlKey: 'canary.max_response_time', env: ['FLOW_CANARY_MAX_RESPONSE_TIME'], kind: 'string-list', field: 'canaryMaxResponseTime',
    check: checkResponseTimeLimit, description: 'largest mean response time of the new colour in a step: 300ms absolute, 2x the old colour\'s (at least the old one + 20 ms); every limit given must hold',
    defaultText: '2x', fallback: fixed(['2x']) },
  // Release safety
  { long: 'release-command', valueName: 'command', ymlKey: 'release_command', env: ['FLOW_RELEASE_COMMAND'], kind: 'command',
    field: 'releaseCommand', description: 'run once in a one-off container from the new image before any new instance starts (migrations); '
      + 'a string runs with sh -c, a YAML list as arguments; a non-zero exit aborts the deploy', defaultText: 'none' },
  { long: 'release-command-timeout', valueName: 'duration', ymlKey: 'release_command_timeout', env: ['FLOW_RELEASE_COMMAND_TIMEOUT'],
    kind: 'duration', field: 'releaseCommandTimeoutMs', minMs: 1, description: 'how long the release command may run before it is killed and the deploy aborted',
    defaultText: '300s', fallback: fixed('300') },
  { long: 'notify-webhook', valueName: 'url', ymlKey: 'notify.webhook', env: ['FLOW_NOTIFY_WEBHOOK'], kind: 'string-list', field: 'notifyWebhooks',
    check: checkWebhookUrl, display: showWebhookUrl, description: 'URL that gets a JSON POST on deploy start, success, failure and rollback; repeat for several',
    defaultText: 'none', fallback: fixed([]) },
  { long: 'notify-timeout', valueName: 'duration', ymlKey: 'notify.timeout', env: ['FLOW_NOTIFY_TIMEOUT'], kind: 'duration', field: 'notifyTimeoutMs',
    minMs: 1, description: 'how long one webhook delivery may take', defaultText: '5s', fallback: fixed('5') },
  { long: 'notify-retries', valueName: 'n', ymlKey: 'notify.retries', env: ['FLOW_NOTIFY_RETRIES'], kind: 'int', field: 'notifyRetries', min: 0, max: 10,
    description: 'retries (with backoff) after a failed webhook delivery', defaultText: '3', fallback: fixed('3') },
  { long: 'keep-images', valueName: 'n', ymlKey: 'keep_images', env: ['FLOW_KEEP_IMAGES'], kind: 'int', field: 'keepImages', min: 0, max: 1000,
    description: "newest released images of the target's repository kept on each host after a deploy (images containers use, and images docker-flow did not release, are always kept; 0: keep all)",
    defaultText: '5', fallback: fixed('5') },
  // Automation (docker-flow agent)
  { long: 'watch-image', valueName: 'repository', ymlKey: 'watch_image', env: ['FLOW_WATCH_IMAGE'], kind: 'string', field: 'watchImage', check: checkWatchImage,
    description: 'docker-flow agent: image repository polled for new semver tags; a newer tag than the live release is deployed (deploy + proxy + stop-old)',
    defaultText: 'none: no polling' },
  { long: 'watch-interval', valueName: 'duration', ymlKey: 'watch_interval', env: ['FLOW_WATCH_INTERVAL'], kind: 'duration', field: 'watchIntervalMs',
    minMs: 1000, description: 'docker-flow agent: time between two polls of --watch-image', defaultText: '30s', fallback: fixed('30') },
  { long: 'watch-prereleases', ymlKey: 'watch_prereleases', env: ['FLOW_WATCH_PRERELEASES'], kind: 'boolean', field: 'watchPrereleases',
    description: 'docker-flow agent: pre-release tags (1.3.0-rc.1) count as new releases', defaultText: 'false', fallback: fixed(false) },
];

/** The row that feeds a FlowOptions field. */
export function optionRowFor(field: keyof FlowOptions): OptionRow {
  const row = optionTable.find((candidate) => candidate.field === field);
  if (row === undefined) throw new Error(`option table has no row for FlowOptions.${field}`);
  return row;
}

/** Top-level keys of nested yml mappings fed by rows (`notify` for `notify.webhook`, ...). */
export const nestedGroups: readonly string[] = [...new Set(optionTable.filter((row) => row.ymlKey.includes('.')).map((row) => row.ymlKey.split('.')[0] ?? ''))];

/** Every top-level key docker-flow.yml accepts: one per row (a nested group once), plus `hosts`, `proxies`, `hooks` and `schedules` (structured). */
export const configFileKeys: readonly string[] = [...new Set(optionTable.map((row) => row.ymlKey.split('.')[0] ?? row.ymlKey)), 'hosts', 'proxies', 'hooks', 'schedules'];
