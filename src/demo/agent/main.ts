import { parseArgs } from 'node:util';
import { countText, runDemoAgent, type DemoAgentResult } from './demo-agent.js';

/**
 * Entry the runner launches as a `command` agent:
 *   node demo-agent-main.js --workdir {workdir} {prompt}
 * It works in the current directory when --workdir is absent (the runner also sets cwd). The last
 * line is the summary; exit 0 for a change or an honest "no changes", 1 when it could not work.
 */
export async function demoAgentMain(argv: string[], print: (line: string) => void = console.log): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { workdir: { type: 'string' } }, allowPositionals: true });
  const prompt = positionals.join(' ');
  if (prompt.trim() === '') {
    print('demo-agent: no prompt given; usage: demo-agent-main.js [--workdir DIR] PROMPT');
    return 2;
  }
  const result = await runDemoAgent({ prompt, workdir: values.workdir ?? process.cwd() });
  for (const line of report(result)) print(line);
  return result.outcome === 'failed' ? 1 : 0;
}

function report(result: DemoAgentResult): string[] {
  const lines = [`Goal: ${result.goal}`];
  if (result.outcome === 'changed') {
    lines.push(`Changed: ${result.files.join(', ')} (recipe ${result.recipe})`, `Tests: node --test: ${countText(result.tests)}`);
  } else if (result.outcome === 'failed' && result.tests) {
    lines.push(result.tests.tail);
  }
  lines.push(`Summary: ${result.summary}`);
  return lines;
}
