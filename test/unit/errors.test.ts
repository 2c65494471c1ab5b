import assert from 'node:assert/strict';
import { ConfigError, ExitCode, UnreachableError, errorCode, messageOf, stackOf, withContext } from '../../src/errors';

describe('errors', () => {
  it('messageOf: the message of an Error, the text of anything else', () => {
    assert.equal(messageOf(new Error('disk full')), 'disk full');
    assert.equal(messageOf(new UnreachableError('engine on h1 could not be reached')), 'engine on h1 could not be reached');
    assert.equal(messageOf('plain text'), 'plain text');
    assert.equal(messageOf(42), '42');
    assert.equal(messageOf(undefined), 'undefined');
  });

  it('errorCode: the string code of a system or client error, nothing otherwise', () => {
    assert.equal(errorCode(Object.assign(new Error('no such file'), { code: 'ENOENT' })), 'ENOENT');
    assert.equal(errorCode({ code: 'ECONNREFUSED' }), 'ECONNREFUSED');
    assert.equal(errorCode(Object.assign(new Error('odd'), { code: 42 })), undefined);
    assert.equal(errorCode(new Error('plain')), undefined);
    assert.equal(errorCode('ENOENT'), undefined);
    assert.equal(errorCode(null), undefined);
  });

  it('stackOf: the stack of an internal error, the text of anything else', () => {
    const bug = new TypeError('x is undefined');
    assert.match(stackOf(bug), /^TypeError: x is undefined\n\s+at /);
    assert.equal(stackOf('thrown text'), 'thrown text');
  });

  it('withContext: a new error of the same class, exit code, hint, cause and key, with the words around its message', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const original = new UnreachableError('engine on h1 could not be reached', { hint: 'is dockerd running on h1?', cause });
    const told = withContext(original, { before: 'app-green_1 on h1: ', after: '; blue is still the live colour' });
    assert.ok(told instanceof UnreachableError);
    assert.notEqual(told, original);
    assert.equal(told.message, 'app-green_1 on h1: engine on h1 could not be reached; blue is still the live colour');
    assert.equal(told.exitCode, ExitCode.unreachable);
    assert.equal(told.hint, 'is dockerd running on h1?');
    assert.equal(told.cause, cause);
    assert.equal(told.name, 'UnreachableError');
    assert.match(told.stack ?? '', /^UnreachableError: app-green_1 on h1: engine on h1 could not be reached; blue is still the live colour\n\s+at /);
    assert.equal(original.message, 'engine on h1 could not be reached', 'the original is left as it was');

    const config = withContext(new ConfigError('--scale', 'must be at least 1'), { after: '; nothing was changed' });
    assert.ok(config instanceof ConfigError);
    assert.equal(config.key, '--scale');
    assert.equal(config.exitCode, ExitCode.badInput);
    assert.equal(config.message, '--scale: must be at least 1; nothing was changed');
  });

  it('withContext leaves an internal error (not a DockerFlowError) as it is, stack and all', () => {
    const bug = new TypeError('cannot read properties of undefined');
    assert.equal(withContext(bug, { after: '; more' }), bug);
    assert.equal(bug.message, 'cannot read properties of undefined');
  });
});
