import { shellQuote } from '../../platform/index.js';

/**
 * The bare remote's `post-receive` hook: git hands it one "<old> <new> <ref>" line per updated ref
 * on stdin; it reports them to the sandbox, which sends the push webhook. `git push` waits for the
 * hook, so by the time a push returns the sandbox has recorded the webhook. A failed report is
 * printed to the pusher ("remote: ...") without undoing the push, as a webhook outage would be.
 */
export function postReceiveHook(nodePath: string, scriptPath: string): string {
  // A shell wrapper, because a `#!` line cannot hold a Node path with spaces in it.
  return `#!/bin/sh\nexec ${shellQuote(nodePath)} ${shellQuote(scriptPath)}\n`;
}

/** The hook's body, run by Node: reads git's ref lines and POSTs them to `reportUrl`. */
export function postReceiveScript(reportUrl: string): string {
  return `// Installed by the overnight sandbox. Reports pushed refs to ${reportUrl}
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", async () => {
  const updates = input.split("\\n").filter(Boolean).map((line) => {
    const [before, after, ref] = line.split(" ");
    return { before, after, ref };
  });
  try {
    const response = await fetch(${JSON.stringify(reportUrl)}, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ updates, pusher: process.env.OVERNIGHT_SANDBOX_PUSHER }),
    });
    if (!response.ok) throw new Error(\`HTTP \${response.status}: \${await response.text()}\`);
  } catch (error) {
    process.stderr.write(\`overnight sandbox: could not report the push: \${error.message}\\n\`);
    process.exitCode = 1;
  }
});
`;
}
