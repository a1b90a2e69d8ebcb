/** A small valid runner config; tests change one thing at a time and serialise it. */
export function validConfig(): Record<string, any> {
  return {
    repo: { path: '/srv/app', github: 'acme/app' },
    schedule: { timezone: 'Europe/Berlin', window: { start: '01:00', end: '05:00' }, every: '30m' },
  };
}

export const PARSE_OPTIONS = { file: '/etc/overnight/config.json', env: { HOME: '/home/dev' }, home: '/home/dev' };
