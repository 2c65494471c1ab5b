import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { FlowOptions } from '../../../src/config/flow-options';
import type { HostSpec } from '../../../src/domain/host';
import { mergeSettings } from '../../../src/config/merge-settings';
import type { RawSetting, SettingSource } from '../../../src/config/option-row';
import { optionTable } from '../../../src/config/option-table';
import { expectedDefaults } from './support/expected-defaults';
import { samplesFor, ymlText } from './support/option-samples';
import { resolveFrom } from './support/resolve-from';

/** Per row and source: absent, or the index of the sample that source gives. */
const presence = (count: number) => fc.option(fc.nat(count - 1), { nil: undefined });
const rowsArbitrary = fc.tuple(
  ...optionTable.map((row) => {
    const count = samplesFor(row)?.length ?? 1;
    return fc.record({ file: presence(count), env: presence(count), flag: presence(count) });
  }),
);

describe('config: merge properties (fast-check)', () => {
  it('for any presence of each option in each source, the result is the highest source that has it', () => {
    fc.assert(
      fc.property(rowsArbitrary, (choices) => {
        const yml: [string, string][] = [];
        const env: Record<string, string> = {};
        const argv: string[] = [];
        const expected = new Map<keyof FlowOptions, unknown>();
        optionTable.forEach((row, index) => {
          const samples = samplesFor(row) ?? [];
          const choice = choices[index];
          if (choice === undefined) return;
          const sample = (pick: number | undefined) => (pick === undefined ? undefined : samples[pick]);
          const [file, fromEnv, flag] = [sample(choice.file), sample(choice.env), sample(choice.flag)];
          if (file !== undefined) yml.push([row.ymlKey, file.yml]);
          if (fromEnv !== undefined) env[row.env[0] ?? ''] = fromEnv.env;
          if (flag !== undefined) argv.push(...flag.argv);
          const winner = flag ?? fromEnv ?? file;
          expected.set(row.field, winner === undefined ? expectedDefaults[row.field] : winner.expected);
        });
        const { options } = resolveFrom({ yml: ymlText(yml), env, argv });
        for (const row of optionTable) {
          let want = expected.get(row.field);
          if (row.field === 'hosts' && Array.isArray(want) && options.certPath !== undefined) {
            const certPath = options.certPath;
            want = want.map((host: HostSpec) => (host.endpoint.scheme === 'tcp' ? { ...host, certPath } : host));
          }
          assert.deepEqual(options[row.field], want, `--${row.long}`);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('mergeSettings keeps, per field, the setting of the last source that has one', () => {
    const fields = optionTable.map((row) => row.field);
    const setting = (source: SettingSource) =>
      fc.record({ field: fc.constantFrom(...fields), value: fc.string() }).map(
        ({ field, value }): RawSetting => ({ field, source, key: `${source}:${field}:${value}`, value, baseDir: '/' }),
      );
    fc.assert(
      fc.property(fc.array(setting('file')), fc.array(setting('env')), fc.array(setting('flag')), (file, env, flag) => {
        const merged = mergeSettings([file, env, flag]);
        for (const field of fields) {
          const candidates = [...file, ...env, ...flag].filter((candidate) => candidate.field === field);
          assert.equal(merged.get(field), candidates[candidates.length - 1]);
        }
      }),
    );
  });
});
