import { resolve } from 'node:path';
import type { FlowOptions } from '../../../../src/config/flow-options';
import { testCwd } from './option-samples';

/**
 * What FlowOptions holds when no source sets a field (SPEC §2 defaults, written out by hand; the
 * environment has no DOCKER_CERT_PATH, XDG_STATE_HOME; home is /home/tester; cwd is .../My.Shop).
 */
export const expectedDefaults: Readonly<Record<keyof FlowOptions, unknown>> = {
  blueGreen: false,
  certPath: undefined,
  composePaths: [resolve(testCwd, 'docker-compose.yml')],
  consulAddress: undefined,
  consulToken: undefined,
  consulTemplateBePath: undefined,
  consulTemplateFePath: undefined,
  flows: ['deploy'],
  hosts: [{ name: 'local', endpoint: { scheme: 'unix', socketPath: '/var/run/docker.sock' }, address: '127.0.0.1', labels: {} }],
  project: 'myshop',
  proxyDockerCertPath: undefined,
  proxyDockerHost: undefined,
  proxyHost: undefined,
  proxyReconfPort: 8080,
  pullSideTargets: false,
  scale: undefined,
  servicePaths: [],
  sideTargets: [],
  target: undefined,
  stateDir: '/home/tester/.local/state/docker-flow',
  proxyPort: 80,
  proxyCert: undefined,
  proxyHttpsPort: 443,
  proxyImage: 'docker-flow-haproxy:2.6',
  healthTimeoutMs: 120_000,
  settleMs: 3_000,
  drainMs: 10_000,
  dryRun: false,
  logFormat: 'text',
  logLevel: 'info',
  lockWaitMs: 0,
  canaryWeight: undefined,
  engineTimeoutMs: 60_000,
  releaseCommand: undefined,
  releaseCommandTimeoutMs: 300_000,
  hooks: { beforeDeploy: [], afterDeploy: [], onFailure: [], timeoutMs: 300_000, workingDir: testCwd },
  notifyWebhooks: [],
  notifyTimeoutMs: 5_000,
  notifyRetries: 3,
  keepImages: 5,
  schedules: [],
  watchImage: undefined,
  watchIntervalMs: 30_000,
  watchPrereleases: false,
};
