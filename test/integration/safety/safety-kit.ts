import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { docker, type FlowFixture } from '../flows/flow-fixture';

/** What `status --json` says about the fixture's `app` service: the stored state a user checks. */
export interface ServiceState {
  readonly liveColor?: string;
  readonly routedColor?: string;
  readonly scale?: number;
  readonly lastRelease?: { readonly number: number; readonly result: string };
}

export async function serviceState(f: FlowFixture): Promise<ServiceState> {
  const r = await f.cli(['status', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const status = JSON.parse(r.stdout) as { services: (ServiceState & { service: string })[] };
  const app = status.services.find((s) => s.service === `${f.project}-app`);
  if (app === undefined) return {};
  return {
    ...(app.liveColor === undefined ? {} : { liveColor: app.liveColor }),
    ...(app.routedColor === undefined ? {} : { routedColor: app.routedColor }),
    ...(app.scale === undefined ? {} : { scale: app.scale }),
    ...(app.lastRelease === undefined ? {} : { lastRelease: { number: app.lastRelease.number, result: app.lastRelease.result } }),
  };
}

/** `docker ps -a` of the project: name, id, state and image id of every container (any role), sorted. */
export async function dockerPs(project: string): Promise<readonly string[]> {
  const list = await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`] } });
  return list.map((c) => `${(c.Names[0] ?? '').replace(/^\//, '')} ${c.Id.slice(0, 12)} ${c.State} ${c.ImageID}`).sort();
}

/** One-off release-command containers of the project still on the engine (there should be none). */
export async function releaseCommandContainers(project: string): Promise<readonly string[]> {
  const list = await docker.listContainers({ all: true, filters: { label: [`io.docker-flow.project=${project}`, 'io.docker-flow.role=release-command'] } });
  return list.map((c) => c.Names[0] ?? c.Id);
}

export interface ReceivedEvent {
  readonly path: string;
  readonly contentType: string | undefined;
  readonly body: Record<string, unknown>;
}

/** A webhook receiver on 127.0.0.1: records every JSON POST; `failNext(n)` answers the next n with 503; `/hang/...` never answers. */
export interface WebhookReceiver {
  readonly received: ReceivedEvent[];
  url(path: string): string;
  failNext(count: number): void;
  /** Requests that reached the receiver, answered or not. */
  attempts(): number;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedEvent[] = [];
  let failures = 0;
  let attempts = 0;
  const server: Server = createServer((request, response) => {
    attempts += 1;
    void readBody(request).then((text) => {
      if (request.url?.startsWith('/hang/') === true) return; // never answers
      if (failures > 0) {
        failures -= 1;
        response.writeHead(503).end('try again');
        return;
      }
      received.push({ path: request.url ?? '', contentType: request.headers['content-type'], body: JSON.parse(text) as Record<string, unknown> });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    received,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    failNext: (count) => void (failures = count),
    attempts: () => attempts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    request.on('end', () => resolve(text));
    request.on('error', reject);
  });
}
