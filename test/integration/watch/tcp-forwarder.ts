import { connect, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';

/**
 * A TCP forwarder on 127.0.0.1 in front of another address: the test cuts it (every connection
 * reset, new ones refused) and restores it on the same port, to make Consul unreachable for one
 * client only.
 */
export class TcpForwarder {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly target: { readonly host: string; readonly port: number },
    private port: number,
  ) {}

  static async start(targetUrl: string): Promise<TcpForwarder> {
    const url = new URL(targetUrl);
    const forwarder = new TcpForwarder({ host: url.hostname, port: Number(url.port) }, 0);
    await forwarder.resume();
    return forwarder;
  }

  /** `http://127.0.0.1:<port>` */
  get address(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async resume(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    const bound = server.address();
    if (bound !== null && typeof bound !== 'string') this.port = bound.port;
    this.server = server;
  }

  /** Refuses new connections and resets open ones (blocking queries in flight fail at once). */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.resetAndDestroy();
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async stop(): Promise<void> {
    await this.cut();
  }
}
