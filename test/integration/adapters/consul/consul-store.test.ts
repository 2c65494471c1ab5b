import { connectConsul } from '../../../../src/adapters/consul/connect-consul';
import { ConsulKvStore } from '../../../../src/adapters/consul/consul-kv-store';
import { ConsulLockManager } from '../../../../src/adapters/consul/consul-lock-manager';
import { silentLogger } from '../../../../src/logger';
import { startConsulDouble } from '../../../support/consul-double/start-consul-double';
import { describeKvContract } from './kv-contract';
import { buildModule } from './node-program';

/** Consul's shortest accepted session TTL; only the crashed-holder test's child process uses it. */
const crashTtlSec = 10;
const realAgent = process.env['CONSUL_HTTP_ADDR'];
const realToken = process.env['CONSUL_HTTP_TOKEN'];

function holderProgram(address: string, token: string | undefined): string {
  return `
    const { connectConsul } = require(${buildModule('src/adapters/consul/connect-consul.js')});
    const { ConsulLockManager } = require(${buildModule('src/adapters/consul/consul-lock-manager.js')});
    const { silentLogger } = require(${buildModule('src/logger.js')});
    const consul = connectConsul({ address: ${JSON.stringify(address)}, ${token === undefined ? '' : `token: ${JSON.stringify(token)}, `}logger: silentLogger });
    const locks = new ConsulLockManager(consul, { logger: silentLogger, sessionTtlSec: ${crashTtlSec} });
    const holder = { who: 'child@test-host', pid: process.pid, since: new Date().toISOString(), operation: 'deploy' };
    locks.acquire(process.argv[1], holder, 0, AbortSignal.timeout(10000)).then(
      () => { console.log('locked'); setInterval(() => undefined, 1000); },
      (error) => { console.error(error.message); process.exit(2); });
  `;
}

describeKvContract(realAgent === undefined ? 'Consul (API double)' : `Consul agent at ${realAgent}`, async () => {
  const double = realAgent === undefined ? await startConsulDouble() : undefined;
  const address = realAgent ?? double?.address ?? '';
  const consul = connectConsul({ address, logger: silentLogger, ...(realToken === undefined ? {} : { token: realToken, tokenSource: 'CONSUL_HTTP_TOKEN' }) });
  return {
    kv: new ConsulKvStore(consul),
    locks: new ConsulLockManager(consul, { logger: silentLogger }),
    lockHolderProgram: holderProgram(address, realToken),
    // Consul invalidates a TTL session after at most twice its TTL.
    crashedLockFreesWithinMs: 2 * crashTtlSec * 1000 + 15_000,
    close: async () => {
      consul.close();
      await double?.stop();
    },
  };
});
