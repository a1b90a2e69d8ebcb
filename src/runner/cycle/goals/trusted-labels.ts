import type { PermissionLevel } from '../../../config/index.js';
import { isSteeringLabel } from '../../../protocol/index.js';
import type { GithubPort } from '../../github/types.js';
import type { SetAside } from './set-aside.js';

export interface TrustedLabelsOptions {
  github: GithubPort;
  /** The permission `/overnight` commands need (`commandPermission`). */
  required: PermissionLevel;
  /** Whether a user has `required` or more (the analysis's cached lookup). */
  userTrusted: (login: string) => Promise<boolean>;
  /** Receives one entry per goal whose steering labels were (partly) ignored. */
  setAside: SetAside[];
}

/**
 * Keeps the steering labels (`agent:*`, `priority:high|low`, `overnight:paused`) of an issue or PR
 * only when whoever added each one last may steer: a user with the command permission, or a
 * GitHub App (the bot adds them for permitted commands; installing an app takes an admin). The
 * bot removes the others, but the runner must not depend on the bot being installed or on time:
 * it reads who added each label from the label events itself. A label with no event saying who
 * added it is ignored too. Items with no steering label cost no API call.
 */
export function trustedLabels({ github, required, userTrusted, setAside }: TrustedLabelsOptions) {
  return async <T extends { number: number; labels: string[] }>(item: T, key: string): Promise<T> => {
    const steering = item.labels.filter(isSteeringLabel);
    if (steering.length === 0) return item;
    const events = await github.labelEvents(item.number);
    const ignored = new Map<string, string>();
    for (const label of steering) {
      const added = events.filter((event) => event.kind === 'labeled' && event.label.toLowerCase() === label.toLowerCase()).at(-1);
      if (!added) ignored.set(label, 'no label event says who added it');
      else if (!added.actorIsBot && !(await userTrusted(added.actor))) ignored.set(label, `added by @${added.actor}, below ${required} permission`);
    }
    if (ignored.size === 0) return item;
    const why = [...ignored].map(([label, reason]) => `${label} (${reason})`).join(', ');
    setAside.push({ key, kind: 'untrusted-label', reason: `#${item.number}: ignored ${why}` });
    return { ...item, labels: item.labels.filter((label) => !ignored.has(label)) };
  };
}
