import assert from 'node:assert/strict';
import { parseYaml } from '../../../src/compose/parse-yaml';
import { isConfigError } from './compose-fixtures';

describe('parseYaml', () => {
  it('reads YAML 1.2 (no yes/no booleans, no sexagesimal ports) with << merge keys', () => {
    assert.deepEqual(parseYaml('x: &d {a: 1}\ny:\n  <<: *d\n  b: 2\nrestart: no\nport: 80:80\n', 'c.yml').data, { x: { a: 1 }, y: { a: 1, b: 2 }, restart: 'no', port: '80:80' });
  });

  it('names the line and column of a syntax error, and rejects duplicate keys', () => {
    assert.throws(() => parseYaml('services:\n  app:\n    ports: ["8080"\n', 'c.yml'), isConfigError('c.yml', /is not valid YAML at line \d+, column \d+/, /fix the YAML/));
    assert.throws(() => parseYaml('a: 1\na: 2\n', 'c.yml'), isConfigError('c.yml', /at line 2, column 1: Map keys must be unique/));
  });

  it('an empty document is null', () => {
    assert.equal(parseYaml('# only a comment\n', 'c.yml').data, null);
  });

  it('reads a plain integer with a leading 0 as octal, as go-yaml does for Compose; 0o and 0x as YAML 1.2 does', () => {
    assert.deepEqual(parseYaml('a: 01777\nb: 0o1777\nc: 1777\nd: "01777"\ne: 0x1F\n', 'c.yml').data, { a: 0o1777, b: 0o1777, c: 1777, d: '01777', e: 31 });
  });
});
