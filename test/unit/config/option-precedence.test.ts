import assert from 'node:assert/strict';
import { optionTable } from '../../../src/config/option-table';
import { expectedDefaults } from './support/expected-defaults';
import { samplesFor, ymlText } from './support/option-samples';
import type { OptionSample } from './support/option-samples';
import { resolveFrom } from './support/resolve-from';

/** Generated from the option table: every row from each source, alone and in every combination. */
const sourceNames = ['file', 'env', 'flag'] as const;
type SourceName = (typeof sourceNames)[number];

describe('config: every option from docker-flow.yml, the environment and flags (generated from the table)', () => {
  for (const row of optionTable) {
    const samples = samplesFor(row) ?? [];
    const envName = row.env[0] ?? '';
    const inputs = (present: readonly SourceName[], winner: OptionSample, loser: OptionSample) => {
      const top = present[present.length - 1];
      const pick = (source: SourceName): OptionSample => (source === top ? winner : loser);
      return {
        yml: present.includes('file') ? ymlText([[row.ymlKey, pick('file').yml]]) : '',
        env: present.includes('env') ? { [envName]: pick('env').env } : {},
        argv: present.includes('flag') ? pick('flag').argv : [],
      };
    };

    it(`--${row.long}: the highest source that has it wins (yml < env < flag), else the default`, () => {
      for (let mask = 0; mask < 8; mask += 1) {
        const present = sourceNames.filter((_name, index) => (mask & (1 << index)) !== 0);
        for (const [winner, loser] of [[samples[0], samples[1]], [samples[1], samples[0]]] as const) {
          assert.ok(winner !== undefined && loser !== undefined);
          const { options, sources } = resolveFrom(inputs(present, winner, loser));
          const top = present[present.length - 1];
          const label = `--${row.long} from [${present.join(', ')}]`;
          assert.deepEqual(options[row.field], top === undefined ? expectedDefaults[row.field] : winner.expected, label);
          const expectedKey =
            top === 'file' ? `docker-flow.yml: ${row.ymlKey}`
            : top === 'env' ? envName
            : top === 'flag' ? (winner.argv[0] ?? '').split('=')[0]
            : undefined;
          assert.equal(sources[row.field], expectedKey, label);
        }
      }
    });

    it(`--${row.long}: every sample reads the same from each source`, () => {
      for (const sample of samples) {
        for (const source of sourceNames) {
          const { options } = resolveFrom(inputs([source], sample, sample));
          assert.deepEqual(options[row.field], sample.expected, `--${row.long} ${JSON.stringify(sample)} from ${source}`);
        }
      }
    });

    for (const [index, laterName] of row.env.entries()) {
      if (index === 0) continue;
      it(`--${row.long}: reads ${laterName} when ${row.env.slice(0, index).join(', ')} is not set, and prefers ${envName}`, () => {
        const [first, second] = samples;
        assert.ok(first !== undefined && second !== undefined);
        assert.deepEqual(resolveFrom({ env: { [laterName]: first.env } }).options[row.field], first.expected);
        assert.deepEqual(resolveFrom({ env: { [laterName]: first.env, [envName]: second.env } }).options[row.field], second.expected);
        assert.deepEqual(resolveFrom({ env: { [laterName]: first.env, [envName]: '' } }).options[row.field], first.expected);
        assert.deepEqual(resolveFrom({ env: { [laterName]: first.env }, argv: second.argv }).options[row.field], second.expected);
      });
    }

    const short = row.short;
    if (short !== undefined) {
      it(`-${short} is the same as --${row.long}`, () => {
        for (const sample of samples) {
          const argv: readonly string[] = sample.argv.map((arg: string): string => arg.replace(`--${row.long}=`, `-${short}`).replace(new RegExp(`^--${row.long}$`), `-${short}`));
          if (argv.some((arg) => arg.startsWith('--no-'))) continue;
          assert.deepEqual(resolveFrom({ argv }).options[row.field], sample.expected, argv.join(' '));
        }
      });
    }
  }
});
