import type { Request, Response } from 'express';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PrototypedExpressAdapter, type PrototypedApplication } from './express-adapter';

/** The adapter's server on a free port, with a route that answers from Express's own request API. */
async function listening(): Promise<{ app: PrototypedApplication; server: Server; url: string; born: Array<[object | null, object | null]> }> {
  const adapter = new PrototypedExpressAdapter();
  const app = adapter.getInstance<PrototypedApplication>();
  app.get('/echo', (req: Request, res: Response) => res.json({ query: req.query, path: req.path, ip: req.ip }));
  adapter.initHttpServer({});
  const server = adapter.getHttpServer() as Server;
  // Runs before Express sees the request: what Node's server created, before any prototype swap.
  const born: Array<[object | null, object | null]> = [];
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => born.push([Object.getPrototypeOf(req), Object.getPrototypeOf(res)]));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { app, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, born };
}

describe('PrototypedExpressAdapter', () => {
  let target: Awaited<ReturnType<typeof listening>>;
  beforeEach(async () => (target = await listening()));
  afterEach(() => new Promise<void>((resolve) => target.server.close(() => resolve())));

  it('creates every request and response with the prototypes Express would give them', async () => {
    await fetch(`${target.url}/echo`);
    await fetch(`${target.url}/echo`);
    expect(target.born).toEqual([
      [target.app.request, target.app.response],
      [target.app.request, target.app.response],
    ]);
  });

  it('leaves Express answering as before: query, path, ip and json', async () => {
    const answer = await fetch(`${target.url}/echo?word=quokka&n=2`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ query: { word: 'quokka', n: '2' }, path: '/echo', ip: '127.0.0.1' });
  });

  it('answers a path with no route with 404, as Express does', async () => {
    expect((await fetch(`${target.url}/nothing-here`)).status).toBe(404);
  });
});
