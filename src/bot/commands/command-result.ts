/** What applying one command did: accepted or not, and the reply to post, if any. */
export interface CommandResult {
  accepted: boolean;
  reply?: string;
}
