import assert from 'node:assert/strict';
import { parseEnvFile } from '../../../src/compose/parse-env-file';
import { isConfigError } from './compose-fixtures';

describe('parseEnvFile', () => {
  const parse = (text: string, env: Readonly<Record<string, string>> = {}): Record<string, string> =>
    parseEnvFile(text, 'app.env', (name) => env[name], () => undefined);

  it('reads KEY=VALUE lines, skipping comments and blank lines, with export prefixes', () => {
    assert.deepEqual(parse('# comment\n\nA=1\nexport B = two words \nC=\nD=x#not-a-comment\nE=y # a comment\r\n'), {
      A: '1', B: 'two words', C: '', D: 'x#not-a-comment', E: 'y',
    });
  });

  it('keeps single-quoted values literal and unescapes double-quoted ones, across lines', () => {
    assert.deepEqual(parse(`S='$HOME \\n "x"'\nD="tab\\there \\"q\\" \\$HOME"\nM="line1\nline2" # comment\nN='a\nb'`, { HOME: '/root' }), {
      S: '$HOME \\n "x"', D: 'tab\there "q" $HOME', M: 'line1\nline2', N: 'a\nb',
    });
  });

  it('interpolates unquoted and double-quoted values, the environment first, then earlier lines', () => {
    assert.deepEqual(parse('A=1\nB=${A}-$A\nC="${MISSING:-d}"\nHOST=file\nD=$HOST', { HOST: 'shell' }), { A: '1', B: '1-1', C: 'd', HOST: 'file', D: 'shell' });
  });

  it('a bare KEY takes its value from the environment and is left out when unset', () => {
    assert.deepEqual(parse('FROM_ENV\nNOT_SET\n', { FROM_ENV: 'yes' }), { FROM_ENV: 'yes' });
  });

  // The cases below are compose-go's dotenv test data (dotenv/fixtures/plain.env, quoted.env,
  // special.env and TestParsing), the parser Docker Compose reads .env and env_file with.
  it('reads a key that starts with a digit, and keys with dots, dashes and brackets', () => {
    assert.deepEqual(parse('OPTION_A=1\n456 = ABC\nVAR.WITH.DOTS=dots\nVAR-WITH-DASHES=dashes\nLIST[0]=x\nÜBER=1'), {
      OPTION_A: '1', '456': 'ABC', 'VAR.WITH.DOTS': 'dots', 'VAR-WITH-DASHES': 'dashes', 'LIST[0]': 'x', ÜBER: '1',
    });
  });

  it("keeps an escaped quote in a single-quoted value (OPTION_K='Let\\'s go!') and other backslashes as written", () => {
    assert.deepEqual(parse("OPTION_K='Let\\'s go!'\nD='\\n'\nW='a\\\\b'"), { OPTION_K: "Let's go!", D: '\\n', W: 'a\\\\b' });
  });

  it('reads YAML-style KEY: VALUE lines and a colon inside a KEY=VALUE value', () => {
    assert.deepEqual(parse('OPTION_A: 1\nOPTION_B: Foo=bar\nOPTION_C=1:B'), { OPTION_A: '1', OPTION_B: 'Foo=bar', OPTION_C: '1:B' });
  });

  it('expands the POSIX escapes and \\0NNN octal in double quotes, leaves \\x and \\u as written', () => {
    assert.deepEqual(parse('KEY="Z\\aZ\\bZ\\fZ\\nZ\\rZ\\tZ\\vZ\\\\Z\\0123Z"\nX="\\x07 \\u12e4"\nQ="\\"quoted\\""\nU=a\\tb'), {
      KEY: 'Z\x07Z\bZ\fZ\nZ\rZ\tZ\vZ\\ZSZ', X: '\\x07 \\u12e4', Q: '"quoted"', U: 'a\\tb',
    });
  });

  it('an inline comment needs a space before # after an unquoted value; quoted values keep #', () => {
    assert.deepEqual(parse('A=bar #this is foo\nB=bar #\nC=123#not-an-inline-comment\nD="bar#baz"#\nE=\'ba#r\' # c'), {
      A: 'bar', B: 'bar', C: '123#not-an-inline-comment', D: 'bar#baz', E: 'ba#r',
    });
  });

  it('a leading UTF-8 byte order mark and export with a tab are ignored', () => {
    assert.deepEqual(parse('\uFEFFexport\tOPTION_A=2\nexportFOO=3\nexport OPTION_B="export A"'), { OPTION_A: '2', exportFOO: '3', OPTION_B: 'export A' });
  });

  it('names the file and line of a bad line or an unclosed quote', () => {
    assert.throws(() => parse('A=1\nthis is not valid\n'), isConfigError('app.env: line 2', /"this is not valid" is not a KEY=VALUE line: a variable name cannot contain a space/, /KEY=VALUE/));
    assert.throws(() => parse('lol$wut'), isConfigError('app.env: line 1', /unexpected "\$" in the variable name/));
    assert.throws(() => parse('=value'), isConfigError('app.env: line 1', /the variable name is empty/));
    assert.throws(() => parse('A="open\nB=2'), isConfigError('app.env: line 1', /never closed/));
    assert.throws(() => parse("A='x' trailing"), isConfigError('app.env: line 1', /unexpected "trailing"/));
  });
});
