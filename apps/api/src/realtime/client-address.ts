import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';

export type TrustProxy = false | number | string;

/** The same rule as Express's `trust proxy` setting, so sockets and HTTP see the same client address. */
export function clientAddressOf(trust: TrustProxy): (req: IncomingMessage) => string {
  const trusts: (address: string, hop: number) => boolean =
    trust === false ? () => false : typeof trust === 'number' ? (_, hop) => hop < trust : proxyAddr.compile(trust.split(',').map((s) => s.trim()));
  return (req) => {
    try {
      return proxyAddr(req, trusts);
    } catch {
      return req.socket.remoteAddress ?? 'unknown';
    }
  };
}
