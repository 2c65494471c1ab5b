import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { flowFixture, type FlowFixture } from '../flows/flow-fixture';
import { freePort } from '../support/free-port';
import type { CliResult } from '../support/run-cli';
import { uniqueName } from '../support/unique-name';
import { httpGet } from '../support/http-get';
import { versionOf } from '../flows/request-loop';

/** The target `app` on the demo image, its tag from $VERSION (v1, v2, unhealthy, nohealth, ...). */
export const demoAppCompose = 'services:\n  app:\n    image: docker-flow-demo:${VERSION}\n    ports: ["8080"]\n    stop_grace_period: 2s\n';

/** Runs docker-flow in a project folder (a FlowFixture's `cli`, with the proxy ports added). */
export type Cli = (args: readonly string[], env?: Record<string, string>) => Promise<CliResult>;

/** A fault test's project behind a local proxy of its own (free ports). */
export interface ProxiedProject {
  readonly f: FlowFixture;
  /** `--proxy-port <p> --proxy-reconf-port <s>`. */
  readonly proxyArgs: readonly string[];
  /** The project's CLI with `before` first and the proxy ports last. */
  readonly cli: Cli;
  /** `http://127.0.0.1:<proxy port><path>`. */
  url(path: string): string;
  /** Stops the proxy, removes the project's containers and its folder. */
  close(): Promise<void>;
}

export async function proxiedProject(prefix: string, compose: string, o: { readonly yml?: string; readonly before?: readonly string[] } = {}): Promise<ProxiedProject> {
  const [proxyPort, statusPort] = [await freePort(), await freePort()];
  const proxyArgs = ['--proxy-port', String(proxyPort), '--proxy-reconf-port', String(statusPort)];
  const f = await flowFixture(uniqueName(prefix), compose, o.yml);
  const cli: Cli = (args, env = {}) => f.cli([...(o.before ?? []), ...args, ...proxyArgs], env);
  return {
    f,
    proxyArgs,
    cli,
    url: (path) => `http://127.0.0.1:${proxyPort}${path}`,
    async close() {
      await cli(['proxy', 'stop']);
      await f.cleanup();
      await rm(f.dir, { recursive: true, force: true });
    },
  };
}

/** A fault suite's project, from its describe's hooks: usable inside tests and hooks registered after it. */
export interface FaultSuite {
  readonly f: FlowFixture;
  readonly proxyArgs: readonly string[];
  /** The project's CLI (with the proxy ports), callable once the suite's before hook ran. */
  readonly cli: Cli;
  /** `<project>-app` */
  readonly service: () => string;
  /** The proxy's URL for the suite's service path. */
  readonly url: () => string;
  /** deploy + proxy + stop-old of the target `app`, blue-green, on the suite's service path. */
  readonly release: readonly string[];
}

/**
 * Registers the hooks of a fault suite (call it in the describe body): before, its project behind
 * a local proxy of its own and, with `first`, a first release with that environment; after, the
 * proxy stopped and the project removed. Options given as functions are read in the before hook,
 * so they can use what an earlier hook started (a Consul double, a slow socket, a simulated host).
 */
export function faultSuite(o: {
  readonly prefix: string;
  readonly compose: string;
  readonly path: string;
  readonly yml?: () => string;
  readonly before?: () => readonly string[];
  readonly first?: Record<string, string>;
}): FaultSuite {
  let project: ProxiedProject | undefined;
  const ready = (): ProxiedProject => project ?? assert.fail('the fault suite is used before its before hook ran');
  const release = ['--blue-green', '--target=app', `--service-path=${o.path}`, '--flow=deploy', '--flow=proxy', '--flow=stop-old'];
  before(async () => {
    project = await proxiedProject(o.prefix, o.compose, { ...(o.yml === undefined ? {} : { yml: o.yml() }), ...(o.before === undefined ? {} : { before: o.before() }) });
    if (o.first !== undefined) {
      const r = await project.cli(release, o.first);
      assert.equal(r.code, 0, r.stderr);
    }
  });
  after(async () => project?.close());
  return {
    get f() {
      return ready().f;
    },
    get proxyArgs() {
      return ready().proxyArgs;
    },
    cli: (args, env) => ready().cli(args, env),
    service: () => `${ready().f.project}-app`,
    url: () => ready().url(o.path),
    release,
  };
}

export interface InstanceView {
  readonly name: string;
  readonly host: string;
  readonly color: string | undefined;
  readonly state: string;
  readonly routed: boolean;
}

/** One service as `docker-flow status --json` shows it. */
export interface ServiceView {
  readonly liveColor: string | undefined;
  readonly routedColor: string | undefined;
  readonly paths: readonly string[];
  /** A proxy switch recorded but not confirmed. */
  readonly switching: { readonly from: string | undefined; readonly since: string } | undefined;
  readonly instances: readonly InstanceView[];
}

export interface ReleaseView {
  readonly number: number;
  readonly result: string;
  readonly color: string | undefined;
  readonly error: string | undefined;
}

/** The service `<project>-app` in `status --json`; fails the test when status fails. */
export async function serviceStatus(cli: Cli, service: string): Promise<ServiceView> {
  const r = await cli(['status', '--json']);
  assert.equal(r.code, 0, `status --json failed: ${r.stderr}`);
  const services = listOf(field(parse(r.stdout), 'services'));
  const found = services.find((s) => field(s, 'service') === service);
  if (found === undefined) return { liveColor: undefined, routedColor: undefined, paths: [], switching: undefined, instances: [] };
  const switching = field(found, 'switching');
  return {
    liveColor: text(field(found, 'liveColor')),
    routedColor: text(field(found, 'routedColor')),
    paths: listOf(field(found, 'paths')).map((p) => String(p)),
    switching: switching === undefined ? undefined : { from: text(field(switching, 'from')), since: String(field(switching, 'since')) },
    instances: listOf(field(found, 'instances')).map((i) => ({
      name: String(field(i, 'name')),
      host: String(field(i, 'host')),
      color: text(field(i, 'color')),
      state: String(field(i, 'state')),
      routed: field(i, 'routed') === true,
    })),
  };
}

/** `releases --json` of the target app, newest first. */
export async function releasesOf(cli: Cli): Promise<readonly ReleaseView[]> {
  const r = await cli(['--target=app', 'releases', '--json']);
  assert.equal(r.code, 0, `releases --json failed: ${r.stderr}`);
  return listOf(parse(r.stdout)).map((x) => ({
    number: Number(field(x, 'number')),
    result: String(field(x, 'result')),
    color: text(field(x, 'color')),
    error: text(field(x, 'error')),
  }));
}

/**
 * The invariant after every fault: the colour the proxy routes to (as recorded) has running
 * instances, every routed instance is running, and a request through the proxy is answered.
 * Returns the routed colour and the version the proxy serves.
 */
export async function assertRoutedColourServes(cli: Cli, service: string, url: string): Promise<{ readonly color: string; readonly version: string }> {
  const status = await serviceStatus(cli, service);
  const color = status.routedColor;
  assert.ok(color !== undefined, `${service} has a routed colour: ${JSON.stringify(status)}`);
  const ofColour = status.instances.filter((i) => i.color === color);
  assert.ok(ofColour.some((i) => i.state === 'running'), `an instance of the routed colour ${color} runs: ${JSON.stringify(status.instances)}`);
  for (const i of status.instances.filter((x) => x.routed)) assert.equal(i.state, 'running', `routed instance ${i.name} runs`);
  const answer = await httpGet(url);
  assert.equal(answer.status, 200, `the proxy answers ${url}: ${answer.status} ${answer.body}`);
  return { color, version: versionOf(answer.body) };
}

/** Colours of the app's instances that run, sorted (one entry per colour). */
export function runningColours(status: ServiceView): readonly string[] {
  return [...new Set(status.instances.filter((i) => i.state === 'running').map((i) => i.color ?? '-'))].sort();
}

/** Every colour that has an instance (running or stopped), sorted. */
export function existingColours(status: ServiceView): readonly string[] {
  return [...new Set(status.instances.map((i) => i.color ?? '-'))].sort();
}

function parse(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch (error) {
    throw new Error(`not JSON: ${json.slice(0, 500)}`, { cause: error });
  }
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, name) : undefined;
}

function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
