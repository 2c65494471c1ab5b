import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * A unix socket in front of a Docker engine's socket that holds back every byte the engine sends
 * for `delayMs` (requests pass at once): an engine that answers slowly. The delay can change while
 * connections are open; bytes keep their order.
 */
export class SlowEngineSocket {
  delayMs: number;
  private readonly sockets = new Set<Socket>();

  private constructor(
    readonly path: string,
    private readonly dir: string,
    private readonly server: Server,
    delayMs: number,
  ) {
    this.delayMs = delayMs;
  }

  static async start(upstreamPath: string, delayMs: number): Promise<SlowEngineSocket> {
    const dir = await mkdtemp(join(tmpdir(), 'df-slow-engine-'));
    const path = join(dir, 'docker.sock');
    const server = createServer();
    const self = new SlowEngineSocket(path, dir, server, delayMs);
    server.on('connection', (client) => self.forward(client, upstreamPath));
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(path, () => resolve()));
    return self;
  }

  /** `unix://<path>`, for -H. */
  get endpoint(): string {
    return `unix://${this.path}`;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await rm(this.dir, { recursive: true, force: true });
  }

  private forward(client: Socket, upstreamPath: string): void {
    const upstream = connect(upstreamPath);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream);
    // One chain per connection: each chunk waits until its own release time, so order is kept and delays do not add up.
    let chain = Promise.resolve();
    const later = (action: () => void): void => {
      const releaseAtMs = Date.now() + this.delayMs;
      chain = chain.then(() => delay(Math.max(0, releaseAtMs - Date.now()))).then(action);
    };
    upstream.on('data', (chunk: Buffer) => later(() => void (client.destroyed ? undefined : client.write(chunk))));
    upstream.on('end', () => later(() => void client.end()));
    client.on('close', () => upstream.destroy());
  }
}
