import { createServer, type Server, type Socket } from 'node:net';

/**
 * A relay the test can cut: every connection it accepts is piped to a fresh upstream connection;
 * `cut` refuses new connections (the listener closes) and resets the open ones. Used in front of a
 * Consul agent (TcpForwarder) and of a Docker engine's socket (EngineGate).
 */
export class SocketRelay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly connectUpstream: () => Socket) {}

  /** Starts accepting: `listen` binds the server (a port, a socket path) and calls `ready`. */
  async open(listen: (server: Server, ready: () => void) => void): Promise<Server> {
    const server = createServer((client) => {
      const upstream = this.connectUpstream();
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
      listen(server, resolve);
    });
    this.server = server;
    return server;
  }

  /** Refuses new connections and resets open ones. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.resetAndDestroy();
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
