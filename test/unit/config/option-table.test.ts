import assert from 'node:assert/strict';
import { flagAttribute } from '../../../src/config/option-row';
import { configFileKeys, optionTable } from '../../../src/config/option-table';
import { expectedDefaults } from './support/expected-defaults';
import { samplesFor } from './support/option-samples';

/** SPEC §2 and the brief's extra rows, copied by hand: [flag, short, yml key, env names, default text]. */
const specRows: readonly (readonly [string, string | undefined, string, readonly string[], string | undefined])[] = [
  ['--blue-green', '-b', 'blue_green', ['FLOW_BLUE_GREEN'], 'false'],
  ['--cert-path', undefined, 'cert_path', ['FLOW_CERT_PATH'], '$DOCKER_CERT_PATH'],
  ['--compose-path', '-f', 'compose_path', ['FLOW_COMPOSE_PATH'], 'docker-compose.yml'],
  ['--consul-address', '-c', 'consul_address', ['FLOW_CONSUL_ADDRESS', 'CONSUL_HTTP_ADDR'], 'none: embedded catalog'],
  ['--consul-retry', undefined, 'consul_retry', ['FLOW_CONSUL_RETRY'], '30s'],
  ['--catalog-source', undefined, 'catalog_source', ['FLOW_CATALOG_SOURCE'], 'docker-flow'],
  ['--consul-template-be-path', undefined, 'consul_template_be_path', ['FLOW_CONSUL_TEMPLATE_BE_PATH'], undefined],
  ['--consul-template-fe-path', undefined, 'consul_template_fe_path', ['FLOW_CONSUL_TEMPLATE_FE_PATH'], undefined],
  ['--flow', '-F', 'flow', ['FLOW'], 'deploy'],
  ['--host', '-H', 'host', ['FLOW_HOST', 'DOCKER_HOST'], 'local engine unix:///var/run/docker.sock'],
  ['--project', '-p', 'project', ['FLOW_PROJECT'], "current directory's name"],
  ['--proxy-docker-cert-path', undefined, 'proxy_docker_cert_path', ['FLOW_PROXY_DOCKER_CERT_PATH'], undefined],
  ['--proxy-docker-host', undefined, 'proxy_docker_host', ['FLOW_PROXY_DOCKER_HOST'], 'the local HAProxy process'],
  ['--proxy-tolerate-down', undefined, 'proxy_tolerate_down', ['FLOW_PROXY_TOLERATE_DOWN'], '0'],
  ['--proxy-server-maxconn', undefined, 'proxy_server_maxconn', ['FLOW_PROXY_SERVER_MAXCONN'], 'none (no limit, or the value stored with the route)'],
  ['--proxy-name', undefined, 'proxy_name', ['FLOW_PROXY_NAME'], 'docker-flow-proxy'],
  ['--proxy-host', undefined, 'proxy_host', ['FLOW_PROXY_HOST'], undefined],
  ['--proxy-reconf-port', undefined, 'proxy_reconf_port', ['FLOW_PROXY_RECONF_PORT'], '8080'],
  ['--pull-side-targets', '-S', 'pull_side_targets', ['FLOW_PULL_SIDE_TARGETS'], 'false'],
  ['--scale', '-s', 'scale', ['FLOW_SCALE'], 'keep current, 1 on first deploy'],
  ['--service-path', undefined, 'service_path', ['FLOW_SERVICE_PATH'], undefined],
  ['--side-target', '-T', 'side_targets', ['FLOW_SIDE_TARGETS'], 'none'],
  ['--target', '-t', 'target', ['FLOW_TARGET'], 'required by the flows'],
  ['--state-dir', undefined, 'state_dir', ['FLOW_STATE_DIR'], '$XDG_STATE_HOME/docker-flow or ~/.local/state/docker-flow'],
  ['--proxy-port', undefined, 'proxy_port', ['FLOW_PROXY_PORT'], '80'],
  ['--proxy-cert', undefined, 'proxy_cert', ['FLOW_PROXY_CERT'], 'none: HTTP only'],
  ['--proxy-https-port', undefined, 'proxy_https_port', ['FLOW_PROXY_HTTPS_PORT'], '443'],
  ['--proxy-image', undefined, 'proxy_image', ['FLOW_PROXY_IMAGE'], 'docker-flow-haproxy:2.6'],
  ['--health-timeout', undefined, 'health_timeout', ['FLOW_HEALTH_TIMEOUT'], '120s'],
  ['--engine-timeout', undefined, 'engine_timeout', ['FLOW_ENGINE_TIMEOUT'], '60s'],
  ['--settle', undefined, 'settle', ['FLOW_SETTLE'], '3s'],
  ['--drain', undefined, 'drain', ['FLOW_DRAIN'], '10s'],
  ['--dry-run', undefined, 'dry_run', ['FLOW_DRY_RUN'], 'false'],
  ['--log-format', undefined, 'log_format', ['FLOW_LOG_FORMAT'], 'text'],
  ['--log-level', undefined, 'log_level', ['FLOW_LOG_LEVEL'], 'info'],
  ['--lock-wait', undefined, 'lock_wait', ['FLOW_LOCK_WAIT'], '0s'],
  ['--canary-weight', undefined, 'canary_weight', ['FLOW_CANARY_WEIGHT'], 'none (all traffic moves)'],
  ['--canary-steps', undefined, 'canary.steps', ['FLOW_CANARY_STEPS'], 'none (no stepped canary)'],
  ['--canary-interval', undefined, 'canary.interval', ['FLOW_CANARY_INTERVAL'], '60s'],
  ['--canary-min-requests', undefined, 'canary.min_requests', ['FLOW_CANARY_MIN_REQUESTS'], '100'],
  ['--canary-max-extensions', undefined, 'canary.max_extensions', ['FLOW_CANARY_MAX_EXTENSIONS'], '3'],
  ['--canary-max-error-rate', undefined, 'canary.max_error_rate', ['FLOW_CANARY_MAX_ERROR_RATE'], '1%'],
  ['--canary-max-response-time', undefined, 'canary.max_response_time', ['FLOW_CANARY_MAX_RESPONSE_TIME'], '2x'],
  ['--consul-token', undefined, 'consul_token', ['FLOW_CONSUL_TOKEN', 'CONSUL_HTTP_TOKEN'], undefined],
  ['--release-command', undefined, 'release_command', ['FLOW_RELEASE_COMMAND'], 'none'],
  ['--release-command-timeout', undefined, 'release_command_timeout', ['FLOW_RELEASE_COMMAND_TIMEOUT'], '300s'],
  ['--notify-webhook', undefined, 'notify.webhook', ['FLOW_NOTIFY_WEBHOOK'], 'none'],
  ['--notify-timeout', undefined, 'notify.timeout', ['FLOW_NOTIFY_TIMEOUT'], '5s'],
  ['--notify-retries', undefined, 'notify.retries', ['FLOW_NOTIFY_RETRIES'], '3'],
  ['--keep-images', undefined, 'keep_images', ['FLOW_KEEP_IMAGES'], '5'],
  ['--watch-image', undefined, 'watch_image', ['FLOW_WATCH_IMAGE'], 'none: no polling'],
  ['--watch-interval', undefined, 'watch_interval', ['FLOW_WATCH_INTERVAL'], '30s'],
  ['--watch-prereleases', undefined, 'watch_prereleases', ['FLOW_WATCH_PRERELEASES'], 'false'],
];

/** FlowOptions fields without a row: structured keys of docker-flow.yml, and the proxy tier (resolved from `proxies:` or --proxy-docker-host). */
const ymlOnlyFields = ['hooks', 'schedules', 'proxies'];

describe('config/option-table', () => {
  it('has exactly the rows of SPEC §2 plus the extra options, with their shorts, yml keys, env names and defaults', () => {
    const actual = optionTable.map((row) => [`--${row.long}`, row.short === undefined ? undefined : `-${row.short}`, row.ymlKey, row.env, row.defaultText]);
    const byFlag = (rows: readonly (readonly unknown[])[]): unknown[] => [...rows].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    assert.deepEqual(byFlag(actual), byFlag(specRows));
  });

  it('feeds every FlowOptions field but the yml-only ones from exactly one row', () => {
    const fields = Object.keys(expectedDefaults).filter((field) => !ymlOnlyFields.includes(field)).sort();
    assert.deepEqual(optionTable.map((row) => row.field).sort(), fields);
  });

  it('never uses a flag, short, yml key or environment name twice', () => {
    const unique = (values: readonly string[]): void => assert.equal(new Set(values).size, values.length, values.join(' '));
    unique(optionTable.map((row) => row.long));
    unique(optionTable.flatMap((row) => (row.short === undefined ? [] : [row.short])));
    unique(configFileKeys);
    unique(optionTable.flatMap((row) => row.env));
    unique(optionTable.map((row) => flagAttribute(row)));
    assert.ok(!optionTable.some((row) => row.short === 'h'), '-h stays commander\'s help');
  });

  it('maps flags to the property names commander uses', () => {
    const attribute = (long: string): string => flagAttribute({ long });
    assert.equal(attribute('consul-template-be-path'), 'consulTemplateBePath');
    assert.equal(attribute('flow'), 'flow');
    assert.equal(attribute('side-target'), 'sideTarget');
  });

  it('has test samples with different results for every row, so the generated tests cover every option', () => {
    for (const row of optionTable) {
      const samples = samplesFor(row);
      assert.ok(samples !== undefined && samples.length >= 2, `no samples for --${row.long}`);
      assert.notDeepEqual(samples[0]?.expected, samples[1]?.expected, `--${row.long}: samples 0 and 1 must differ`);
    }
  });

  it('gives enum rows their choices and port rows the range 1..65535', () => {
    for (const row of optionTable.filter((candidate) => candidate.kind === 'enum')) assert.ok((row.choices ?? []).length >= 2, row.long);
    for (const row of optionTable.filter((candidate) => candidate.kind === 'int' && candidate.long.endsWith('port'))) {
      assert.deepEqual([row.min, row.max], [1, 65535], row.long);
    }
  });
});
