/**
 * Readable, coloured lines (pino-pretty) for a person at a terminal outside production; one JSON
 * object per line everywhere else (production, containers, log shippers, tests that read the output).
 */
export function usePrettyLogs(production: boolean, stdoutIsTty = Boolean(process.stdout.isTTY)): boolean {
  return stdoutIsTty && !production;
}

/** A worker-thread transport: formatting never runs on the event loop that serves requests. */
export const prettyTransport = {
  target: 'pino-pretty',
  options: {
    colorize: true,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,req,res,responseTime',
    messageFormat: '{if req.method}{req.method} {req.url} → {res.statusCode} in {responseTime} ms{end}{if context}[{context}] {end}{msg}',
  },
} as const;
