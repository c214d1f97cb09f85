/**
 * A TCP proxy in front of a gateway pod, so a test can cut a client's connection on the server's side of the network
 * (both TCP connections end at once, no close frame: the client sees 1006, the gateway a vanished client).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export class CuttingProxy {
  private readonly pairs = new Set<[Socket, Socket]>();
  private server!: Server;
  connections = 0;

  private constructor(private readonly target: URL) {}

  static async start(gatewayWs: string): Promise<CuttingProxy> {
    const proxy = new CuttingProxy(new URL(gatewayWs));
    proxy.server = createServer((client) => {
      proxy.connections++;
      const upstream = connect(Number(proxy.target.port), proxy.target.hostname);
      const pair: [Socket, Socket] = [client, upstream];
      proxy.pairs.add(pair);
      client.pipe(upstream);
      upstream.pipe(client);
      const end = () => {
        proxy.pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
    });
    await new Promise<void>((r) => proxy.server.listen(0, '127.0.0.1', r));
    return proxy;
  }

  /** The gateway's WebSocket URL through this proxy. */
  get url(): string {
    const address = this.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return `ws://127.0.0.1:${port}${this.target.pathname}`;
  }

  /** Cuts every connection through the proxy now. */
  cut(): void {
    for (const [client, upstream] of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((r) => this.server.close(() => r()));
  }
}
