import assert from 'node:assert/strict';
import { checkDependencies } from '../../../src/compose/check-dependencies';
import { ComposeLocation } from '../../../src/compose/compose-location';
import { isConfigError } from './compose-fixtures';

describe('checkDependencies', () => {
  const node = (name: string, ...deps: string[]) => ({
    name,
    dependsOn: deps.map((dep, index) => ({ name: dep, where: new ComposeLocation('c.yml', `services.${name}.depends_on[${index}]`) })),
  });

  it('accepts a DAG, including diamonds', () => {
    assert.doesNotThrow(() => checkDependencies([node('web', 'api', 'cache'), node('api', 'db', 'cache'), node('cache', 'db'), node('db')]));
  });

  it('names a self-dependency and a longer cycle, the same way on every run', () => {
    assert.throws(() => checkDependencies([node('a', 'a')]), isConfigError('c.yml: services.a.depends_on[0]', /cycle: a → a/));
    assert.throws(() => checkDependencies([node('z', 'x'), node('y', 'z'), node('x', 'y'), node('w', 'x')]), isConfigError('c.yml: services.x.depends_on[0]', /cycle: x → y → z → x/));
  });

  it('names a dependency that is not a service, with the defined ones', () => {
    assert.throws(() => checkDependencies([node('web', 'db'), node('api')]), isConfigError('c.yml: services.web.depends_on[0]', /names service "db"/, /are: api, web/));
  });
});
