import { connect } from 'node:net';
import { SocketRelay } from '../support/socket-relay';

/**
 * A TCP forwarder on 127.0.0.1 in front of another address: the test cuts it (every connection
 * reset, new ones refused) and restores it on the same port, to make Consul unreachable for one
 * client only.
 */
export class TcpForwarder {
  private readonly relay: SocketRelay;

  private constructor(
    target: { readonly host: string; readonly port: number },
    private port: number,
  ) {
    this.relay = new SocketRelay(() => connect(target.port, target.host));
  }

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
    const server = await this.relay.open((s, ready) => s.listen(this.port, '127.0.0.1', ready));
    const bound = server.address();
    if (bound !== null && typeof bound !== 'string') this.port = bound.port;
  }

  /** Refuses new connections and resets open ones (blocking queries in flight fail at once). */
  async cut(): Promise<void> {
    await this.relay.cut();
  }

  async stop(): Promise<void> {
    await this.cut();
  }
}
