import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { corpusDir } from '../../../scripts/corpus/corpus-dir';
import { runtimeKeys } from '../../../src/compose/runtime-keys';

/**
 * Every key docker-flow reads from a compose file, by where it sits (from src/compose: parse-service,
 * parse-volumes, parse-mount-options, parse-ports, parse-healthcheck, parse-deploy, parse-depends-on,
 * parse-service-networks, parse-references, parse-resources, parse-compose-file). Each must appear in
 * at least one case of the differential corpus, and in the parser source (so this list cannot go stale
 * in that direction).
 */
const keysRead: Readonly<Record<string, readonly string[]>> = {
  'top level': ['version', 'name', 'services', 'networks', 'volumes', 'secrets', 'configs'],
  service: [
    'image', 'build', 'command', 'entrypoint', 'environment', 'env_file', 'x-docker-flow-safe-env', 'labels', 'ports', 'expose', 'healthcheck',
    'restart', 'user', 'working_dir', 'volumes', 'tmpfs', 'networks', 'network_mode', 'depends_on', 'stop_signal', 'stop_grace_period',
    'deploy', 'scale', 'extends',
  ],
  'env_file entry': ['path', 'required', 'format'],
  'port (long syntax)': ['target', 'published', 'host_ip', 'protocol', 'mode', 'name', 'app_protocol'],
  'service volume (long syntax)': ['type', 'source', 'target', 'read_only', 'bind', 'volume', 'tmpfs', 'consistency', 'propagation', 'create_host_path', 'selinux', 'nocopy', 'size', 'mode'],
  healthcheck: ['test', 'interval', 'timeout', 'retries', 'start_period', 'disable'],
  deploy: ['replicas', 'placement', 'constraints', 'max_replicas_per_node', 'resources', 'limits', 'reservations', 'cpus', 'memory', 'pids'],
  'depends_on entry': ['condition', 'required', 'restart'],
  'service network': ['aliases', 'driver_opts', 'priority'],
  extends: ['service', 'file'],
  'top-level network': ['name', 'external', 'driver', 'driver_opts', 'labels', 'internal', 'attachable', 'enable_ipv6', 'enable_ipv4', 'ipam', 'subnet', 'ip_range', 'gateway', 'aux_addresses', 'options'],
  'top-level volume': ['name', 'external', 'driver', 'driver_opts', 'labels'],
};

/** Interpolation forms and merge tags the corpus must use. */
const forms = ['$TAG', '${WHO}', ':-', '${NOT_SET-', ':?', '${EMPTY?', ':+', '${EMPTY+', '$$', '${NOT_SET:-${ALSO_NOT_SET:-${WHO}}}', '!reset', '!override'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe('compose corpus: covers every key docker-flow reads', () => {
  const corpus = files(corpusDir).filter((f) => /\.ya?ml$/.test(f)).map((f) => readFileSync(f, 'utf8')).join('\n');
  const source = files(resolve(corpusDir, '../../../src/compose')).map((f) => readFileSync(f, 'utf8')).join('\n');

  for (const [where, keys] of Object.entries(keysRead)) {
    it(`${where}: ${keys.join(', ')}`, () => {
      const missing = keys.filter((key) => !new RegExp(`(^|[\\s{,])${key.replace(/[-$]/g, '\\$&')}:`, 'm').test(corpus));
      assert.deepEqual(missing, [], `not in any case of test/fixtures/compose-corpus: ${missing.join(', ')}`);
      const unread = keys.filter((key) => !source.includes(`'${key}'`));
      assert.deepEqual(unread, [], `not read in src/compose (is the list stale?): ${unread.join(', ')}`);
    });
  }

  it(`service keys carried to the engine: ${Object.keys(runtimeKeys).join(', ')}`, () => {
    const missing = Object.keys(runtimeKeys).filter((key) => !new RegExp(`(^|[\\s{,])${key}:`, 'm').test(corpus));
    assert.deepEqual(missing, [], `not in any case of test/fixtures/compose-corpus: ${missing.join(', ')}`);
  });

  it('every interpolation form, .env and env_file, several -f files and both merge tags', () => {
    assert.deepEqual(forms.filter((form) => !corpus.includes(form)), []);
    const cases = readdirSync(corpusDir).map((name) => JSON.parse(readFileSync(join(corpusDir, name, 'case.json'), 'utf8')) as { files: readonly string[] });
    assert.ok(cases.some((c) => c.files.length >= 3), 'a case with three -f files');
    assert.ok(files(corpusDir).some((f) => f.endsWith('/.env')) && corpus.includes('env_file'), '.env and env_file');
  });
});
