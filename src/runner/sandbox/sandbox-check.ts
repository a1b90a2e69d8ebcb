import type { SandboxStatus } from './containment.js';

/** The sandbox as one check of the gate, `overnight check` and the night report. */
export interface SandboxCheck {
  name: 'sandbox';
  /** With `sandbox.mode: "required"` a failed check closes the gate. */
  required: boolean;
  ok: boolean;
  /** What was seen, or why it failed and how to fix it. */
  reason: string;
}

/**
 * `required` and ok: the tool and its version. `required` and not ok: the reason and the fix
 * (closes the gate). "off": not required and not ok, so the report can say the night's agents
 * ran uncontained.
 */
export function sandboxCheck(status: SandboxStatus): SandboxCheck {
  if (status.mode === 'off') {
    return { name: 'sandbox', required: false, ok: false, reason: 'off (sandbox.mode: "off"): agents run without a sandbox, as your user' };
  }
  const { detection } = status;
  if (detection.ok) return { name: 'sandbox', required: true, ok: true, reason: `${detection.tool} ${detection.version}` };
  return {
    name: 'sandbox',
    required: true,
    ok: false,
    reason: `no working sandbox: ${detection.reason}; fix: ${detection.fix} (or set sandbox.mode to "off" to run agents uncontained)`,
  };
}
