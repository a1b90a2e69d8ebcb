import type { Delivery } from '../../src/sandbox/index.js';
import type { BenchStage } from './bench-stage.js';
import { countEventRequests, type EventRequests } from './count-requests.js';

export interface CommandFigures {
  command: string;
  /** The bot's requests for each comment it answered 200. */
  requests: EventRequests[];
  errors: number;
}

/**
 * The maintainer comments `/overnight <command>` on the goal `repeats` times per command; the
 * sandbox records each as a real `issue_comment.created` delivery, which is replayed to the bot.
 * Before each comment the goal gets back the labels it had before that command's first one, so
 * every `pause` really pauses instead of finding the goal paused already.
 */
export async function measureCommands(stage: BenchStage, goal: number, commands: readonly string[], repeats: number): Promise<CommandFigures[]> {
  const { sandbox, maintainer, repo } = stage;
  const dashboard = await stage.dashboardShape();
  const figures: CommandFigures[] = [];
  for (const command of commands) {
    const { data: issue } = await maintainer.rest.issues.get({ ...repo, issue_number: goal });
    const labels = issue.labels.map((label) => (typeof label === 'string' ? label : (label.name ?? '')));
    const found: CommandFigures = { command, requests: [], errors: 0 };
    for (let i = 0; i < repeats; i += 1) {
      await maintainer.rest.issues.setLabels({ ...repo, issue_number: goal, labels });
      const comment = await sandbox.createComment(repo.owner, goal, `/overnight ${command}`);
      const delivery = commentDelivery(sandbox.deliveries(), comment.id);
      const mark = sandbox.requestMark();
      const { status } = await stage.replay(delivery);
      if (status === 200) found.requests.push(countEventRequests(sandbox.requests(mark), dashboard));
      else {
        found.errors += 1;
        await stage.settle();
      }
    }
    figures.push(found);
  }
  return figures;
}

function commentDelivery(deliveries: readonly Delivery[], commentId: number): Delivery {
  const found = deliveries.find((delivery) => delivery.event === 'issue_comment' && (delivery.payload.comment as { id?: unknown } | undefined)?.id === commentId);
  if (!found) throw new Error(`the sandbox recorded no issue_comment delivery for comment ${commentId}`);
  return found;
}
