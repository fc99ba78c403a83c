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
    ignore: 'pid,hostname,context,req,res,responseTime',
    messageFormat: '{if context}[{context}] {end}{msg}',
  },
} as const;

/** pino-http options for the pretty mode: a request reads "GET /api/users → 200 in 12 ms", not "request completed". */
export const prettyRequestMessages = {
  customSuccessMessage: (req: { method?: string; url?: string }, res: { statusCode: number }, responseTime: number) =>
    `${req.method} ${(req.url ?? '').split('?')[0]} → ${res.statusCode} in ${Math.round(responseTime)} ms`,
};
