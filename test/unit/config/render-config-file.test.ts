import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { configFileKeys, optionTable } from '../../../src/config/option-table';
import { parseConfigText } from '../../../src/config/parse-config-text';
import { renderConfigFile, renderConfigReference } from '../../../src/config/render-config-file';
import { optionsFrom } from './support/resolve-from';
import { testCwd } from './support/option-samples';

/** The repository root, from build/test/unit/config. */
const repoFile = resolve(__dirname, '..', '..', '..', '..', 'docker-flow.yml');

/** Every commented key line (and the structured examples) made active; keys without a value are left out. Comments follow a blank line. */
function uncommentEveryValue(text: string): string {
  const all = text.split('\n');
  const lines = all.filter((line, i) => /^# {0,6}(- )?[a-z_]+:( |$)/.test(line) && all[i - 1] !== '').map((line) => line.slice(2));
  return lines.filter((line, i) => !/^[a-z_]+:$/.test(line) || /^ /.test(lines[i + 1] ?? '')).filter((line) => !/^ {2,}[a-z_]+:$/.test(line)).join('\n');
}

describe('config/render-config-file', () => {
  it('the repository\'s docker-flow.yml is the reference generated from the option table (run npm run reference after changing the table)', () => {
    assert.equal(readFileSync(repoFile, 'utf8'), renderConfigReference(), 'docker-flow.yml drifted from src/config/option-table.ts: run npm run reference');
  });

  it('the reference names every key docker-flow.yml accepts, each after a one-line comment with its flag and environment names', () => {
    const text = renderConfigReference();
    const lines = text.split('\n');
    for (const key of configFileKeys) assert.ok(lines.includes(`# ${key}:`) || lines.some((l) => l.startsWith(`# ${key}: `)), `# ${key}: in the reference`);
    for (const row of optionTable) {
      const [group, name] = row.ymlKey.split('.');
      const at = name === undefined ? lines.findIndex((l) => l === `# ${row.ymlKey}:` || l.startsWith(`# ${row.ymlKey}: `)) : lines.findIndex((l) => l.startsWith(`#   ${name}:`) && lines.slice(0, lines.indexOf(l)).includes(`# ${group ?? ''}:`));
      const comment = lines[at - 1] ?? '';
      assert.ok(comment.includes(`--${row.long}`) && comment.includes(row.env.join(' or ')) && comment.includes(row.description), `${row.ymlKey}: ${comment}`);
      if (row.defaultText !== undefined) assert.ok(comment.endsWith(`default: ${row.defaultText}`), comment);
    }
  });

  it('the reference sets nothing: loaded as it is, every option has its default', () => {
    assert.deepEqual(parseConfigText(renderConfigReference(), { displayName: 'docker-flow.yml', baseDir: testCwd }).settings, []);
  });

  it('uncommenting every key that shows a value gives a valid file whose options are the defaults (hosts, hooks and schedules examples included)', () => {
    const text = uncommentEveryValue(renderConfigReference());
    assert.match(text, /^health_timeout: 120s$/m);
    assert.match(text, /^notify:\n {2}webhook: \[\]\n {2}timeout: 5s\n {2}retries: 3$/m);
    const all = optionsFrom({ yml: text });
    const none = optionsFrom({});
    const { hosts, hooks, schedules, ...rest } = all;
    const { hosts: _h, hooks: _k, schedules: _s, ...defaults } = none;
    assert.deepEqual(rest, defaults);
    assert.deepEqual(hosts.map((h) => h.name), ['node-1']);
    assert.deepEqual(hooks.beforeDeploy, ['./scripts/check.sh']);
    assert.deepEqual(schedules.map((s) => s.name), ['morning-up']);
  });

  it('writes the pre-filled keys as active keys and the rest commented out', () => {
    const text = renderConfigFile(['header'], new Map<string, string | readonly string[]>([['target', 'app'], ['side_targets', ['db', 'cache']], ['service_path', ['/app']]]));
    assert.match(text, /^# header\n/);
    assert.match(text, /^target: app$/m);
    assert.match(text, /^side_targets: \[db, cache\]$/m);
    assert.match(text, /^# blue_green: false$/m);
    const settings = parseConfigText(text, { displayName: 'docker-flow.yml', baseDir: testCwd }).settings;
    assert.deepEqual(settings.map((s) => [s.key, s.value]), [
      ['docker-flow.yml: target', 'app'],
      ['docker-flow.yml: side_targets', ['db', 'cache']],
      ['docker-flow.yml: service_path', ['/app']],
    ]);
  });

  it('shows no value for defaults that depend on where docker-flow runs (project, state folder, cert path)', () => {
    const text = renderConfigReference();
    for (const key of ['project', 'state_dir', 'cert_path', 'host', 'consul_address']) assert.match(text, new RegExp(`^# ${key}:$`, 'm'));
  });
});
