import assert from 'node:assert/strict';
import { assertConfigError, optionsFrom } from './support/resolve-from';

describe('config/check-option-rules', () => {
  it('refuses the target as its own side target, naming the key it was set with', () => {
    assertConfigError(() => optionsFrom({ argv: ['--target=app', '--side-target=db', '--side-target=app'] }), {
      key: '--side-target',
      includes: ['"app" is the target itself', 'choose another --target'],
    });
    assertConfigError(() => optionsFrom({ yml: 'target: app\nside_targets: [app]' }), { key: 'docker-flow.yml: side_targets', includes: ['"app"'] });
    assertConfigError(() => optionsFrom({ env: { FLOW_TARGET: 'app', FLOW_SIDE_TARGETS: 'app' } }), { key: 'FLOW_SIDE_TARGETS', includes: ['"app"'] });
  });

  it('accepts other side targets, and a side target named like the target when no target is set', () => {
    assert.deepEqual(optionsFrom({ argv: ['--target=app', '--side-target=db'] }).sideTargets, ['db']);
    assert.deepEqual(optionsFrom({ argv: ['--side-target=app'] }).sideTargets, ['app']);
  });
});
