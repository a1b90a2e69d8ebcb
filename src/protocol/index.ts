/** The runner <-> bot contract. Pure: no I/O, no clocks except those passed in. */
export { newSessionId, isSessionId } from './session-id.js';
export { AGENT_BRANCH_PREFIX, CLAIM_REF_PREFIX, branchForSession, sessionIdFromRef, claimRefFor } from './branch.js';
export { type GoalRef, formatGoalRef, parseGoalRef, goalKey } from './goal-ref.js';
export { type Trailer, splitTrailers, formatTrailers, trailerValue } from './git-trailers.js';
export {
  type SessionTrailers,
  SUBJECT_MAX,
  truncateSubject,
  formatCommitMessage,
  parseCommitMessage,
  formatCommitBody,
  splitCommitBody,
} from './trailers.js';
export {
  type LabelDef,
  type Priority,
  LABELS,
  PRIORITIES,
  AGENT_LABEL_PREFIX,
  agentLabel,
  agentLabelDef,
  labelDef,
  agentFromLabels,
  priorityFromLabels,
  priorityLabel,
  hasLabel,
  isSteeringLabel,
} from './labels.js';
export { type OvernightCommand, type CommandKind, parseCommands } from './commands.js';
export { stripHtmlComments } from './strip-html-comments.js';
export { renderHelp } from './help.js';
export { type PrMetadata, type PrBodyInput, renderPrBody, readPrMetadata, encodeMetadata, prTitleFor } from './pr-body.js';
export { codeBlock, cell, formatElapsed } from './markdown.js';
export { formatCostUsd, formatTokenCount } from './format-cost.js';
export {
  type SessionExtras,
  type SessionWarning,
  type StoppedBy,
  WARNING_VALUES,
  STOPPED_BY_VALUES,
} from './session-extras.js';
export { type RunnerNotes } from './commit-notes.js';
