/**
 * A demo-agent recipe: the change a careful developer would make for one known demo goal, as
 * exact edits to the sample project (sample-files.ts). Edits are exact so a recipe either applies
 * cleanly, is already in place, or reports that the code is not what it expects — never a guess.
 */
export type FileEdit =
  | { path: string; kind: 'replace'; from: string; to: string }
  | { path: string; kind: 'append'; text: string };

export interface Recipe {
  id: string;
  /** The goal's title as the demo files it. */
  goal: string;
  /** Whether a goal's title (and body) asks for this change. */
  matches(text: string): boolean;
  edits: FileEdit[];
  /** What the change does and why, for the pull request. */
  summary: string;
}
