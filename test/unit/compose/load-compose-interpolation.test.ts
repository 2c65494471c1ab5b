import assert from 'node:assert/strict';
import { loadFixture, recordingLogger, service } from './compose-fixtures';

describe('loadCompose: interpolation and .env', () => {
  const shell = { PLAIN_VAR: 'plain', EMPTY_VAR: '', IN_BOTH: 'from-shell' };

  it('applies every substitution form to values, never to keys', async () => {
    const logger = recordingLogger();
    const app = service(await loadFixture('interpolation', ['docker-compose.yml'], shell, logger), 'app');
    assert.deepEqual(app.environment, {
      PLAIN: 'plain', BRACED: 'plain', COLON_DEFAULT_EMPTY: 'fallback', DASH_DEFAULT_EMPTY: '', DASH_DEFAULT_UNSET: 'fallback',
      ALT_SET: 'alternative', ALT_EMPTY: '', ESCAPED: '$HOME and ${NOT_A_VAR}', NESTED: 'plain-nested',
      FROM_DOTENV: 'from-dotenv', SHELL_WINS: 'from-shell', DOTENV_REFERENCE: '1.2.3-derived', UNSET: '', REQUIRED_OK: 'plain',
    });
    assert.deepEqual(app.labels, { '${NOT_INTERPOLATED_KEY}': 'value' });
    assert.deepEqual(logger.warnings, ['The "NEVER_SET" variable is not set. Defaulting to a blank string.']);
  });

  it('takes variables from .env in the project directory, numbers included', async () => {
    const app = service(await loadFixture('interpolation', ['docker-compose.yml'], shell), 'app');
    assert.equal(app.image, 'localhost:5000/app:1.2.3');
    assert.deepEqual(app.ports, [{ containerPort: 8080, protocol: 'tcp', hostPort: 8081 }]);
  });

  it('lets the process environment win over .env, also inside .env values', async () => {
    const app = service(await loadFixture('interpolation', ['docker-compose.yml'], { ...shell, TAG: '9.9', REGISTRY: 'registry:5000' }), 'app');
    assert.equal(app.image, 'registry:5000/app:9.9');
    assert.equal(app.environment['DOTENV_REFERENCE'], '9.9-derived');
  });
});
