import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ComposeLocation } from '../../../src/compose/compose-location';
import { interpolate, interpolateString } from '../../../src/compose/interpolate';
import { isConfigError } from './compose-fixtures';

describe('interpolate', () => {
  const vars: Readonly<Record<string, string>> = { SET: 'value', EMPTY: '' };
  const lookup = (name: string): string | undefined => vars[name];
  const where = new ComposeLocation('docker-compose.yml', 'services.app.image');
  const run = (text: string, unset: string[] = []): string => interpolateString(text, lookup, where, (name) => void unset.push(name));

  const cases: readonly (readonly [string, string])[] = [
    ['$SET', 'value'], ['${SET}', 'value'], ['a-$SET-b', 'a-value-b'], ['$SET.x', 'value.x'],
    ['${UNSET:-def}', 'def'], ['${EMPTY:-def}', 'def'], ['${SET:-def}', 'value'],
    ['${UNSET-def}', 'def'], ['${EMPTY-def}', ''], ['${SET-def}', 'value'],
    ['${SET:+alt}', 'alt'], ['${EMPTY:+alt}', ''], ['${UNSET:+alt}', ''],
    ['${SET+alt}', 'alt'], ['${EMPTY+alt}', 'alt'], ['${UNSET+alt}', ''],
    ['${SET:?boom}', 'value'], ['${EMPTY?boom}', ''],
    ['$$SET', '$SET'], ['$${SET}', '${SET}'], ['cost: 5$$', 'cost: 5$'],
    ['${UNSET:-${SET}}', 'value'], ['${UNSET:-a ${UNSET2:-b} c}', 'a b c'], ['${UNSET:-}', ''],
  ];
  for (const [input, expected] of cases) {
    it(`${input} → ${JSON.stringify(expected)}`, () => assert.equal(run(input), expected));
  }

  it('an unset variable without default is empty and reported', () => {
    const unset: string[] = [];
    assert.equal(run('x${NOPE}y$NOPE2', unset), 'xy');
    assert.deepEqual(unset, ['NOPE', 'NOPE2']);
  });

  it('${VAR:?message} and ${VAR?message} fail with the key path and the message', () => {
    assert.throws(() => run('${EMPTY:?needs a value}'), isConfigError('docker-compose.yml: services.app.image', /required variable EMPTY is missing a value: needs a value/));
    assert.throws(() => run('${UNSET?}'), isConfigError('docker-compose.yml: services.app.image', /required variable UNSET is missing a value$/));
  });

  it('keeps a $ that starts no substitution, as Compose does (compose-go template_test.go TestUnescaped)', () => {
    assert.deepEqual(['price $5', 'a $ string', '^REGEX$', '$}', '$', '$-x'].map((t) => run(t)), ['price $5', 'a $ string', '^REGEX$', '$}', '$', '$-x']);
  });

  it('rejects bad names, blanks and an unterminated ${ (compose-go TestInvalid)', () => {
    assert.throws(() => run('${ SET}'), isConfigError('docker-compose.yml: services.app.image', /"\$\{ SET\}" is not a valid substitution/, /\$\$ for a literal \$/));
    assert.throws(() => run('${SET!}'), isConfigError('docker-compose.yml: services.app.image', /is not a valid substitution/));
    assert.throws(() => run('${}'), isConfigError('docker-compose.yml: services.app.image', /is not a valid substitution/));
    assert.throws(() => run('${1BAD}'), isConfigError('docker-compose.yml: services.app.image', /"\$\{1BAD\}" is not a valid substitution/));
    assert.throws(() => run('${SET'), isConfigError('docker-compose.yml: services.app.image', /unterminated/));
  });

  it('walks maps and lists, naming each value, and leaves keys, numbers and booleans alone', () => {
    const tree = { services: { app: { environment: { '$KEY': '$SET' }, ports: ['${SET}', 80], tty: true, x: null } } };
    assert.deepEqual(interpolate(tree, lookup, new ComposeLocation('f.yml'), () => undefined), {
      services: { app: { environment: { '$KEY': 'value' }, ports: ['value', 80], tty: true, x: null } },
    });
    assert.throws(() => interpolate({ services: { app: { ports: ['ok', '${X:?gone}'] } } }, lookup, new ComposeLocation('f.yml'), () => undefined),
      isConfigError('f.yml: services.app.ports[1]', /gone/));
  });

  it('text without $ is unchanged, and $$-escaped text comes back literally', () => {
    fc.assert(fc.property(fc.string(), (text) => {
      assert.equal(run(text.replaceAll('$', () => '$$')), text);
      if (!text.includes('$')) assert.equal(run(text), text);
    }));
  });
});
