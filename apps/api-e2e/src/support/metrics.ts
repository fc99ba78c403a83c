/** One sample's value from Prometheus's text format, by its name and labels as written (e.g. `{dependency="redis"}`). */
export function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
