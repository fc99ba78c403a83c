const UNITS = ['KB', 'MB', 'GB', 'TB'];

/** "820 bytes", "14 KB", "2.4 MB", "25 MB": binary multiples, one decimal below 10 (as Slack and Element show sizes). */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return bytes === 1 ? '1 byte' : `${bytes} bytes`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const rounded = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  return `${rounded} ${UNITS[unit]}`;
}
