#!/usr/bin/env bash
# Regenerates test/fixtures/agents/help/ from the real agent CLIs. They are installed into a
# throwaway directory, never into the project's node_modules, and run offline (--help needs no
# login). test/runner/agents/help-flags.test.ts checks every flag the adapters pass against these
# files, so a CLI that renames a flag fails the tests after a refresh.
#
#   scripts/refresh-agent-help.sh                 # latest versions
#   CLAUDE_CODE_VERSION=2.1.197 CODEX_VERSION=0.171.0 scripts/refresh-agent-help.sh
#
# aider is a Python package: help/aider-options.txt is kept by hand from its documented options.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$repo/test/fixtures/agents/help"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --loglevel=error \
  "@anthropic-ai/claude-code@${CLAUDE_CODE_VERSION:-latest}" "@openai/codex@${CODEX_VERSION:-latest}" >/dev/null

# Fixed width and no colour, so a refresh only shows real changes in the diff.
export COLUMNS=100 NO_COLOR=1 TERM=dumb
claude="$work/node_modules/.bin/claude"
codex="$work/node_modules/.bin/codex"
mkdir -p "$out"

{ echo "# $("$claude" --version) — claude --help"; "$claude" --help; } >"$out/claude-help.txt"

# Options the CLI defines but hides from --help (--max-turns among them), read from the option
# definitions in the binary: commander's `new Option("--flag <arg>", "description")...hideHelp()`.
{
  echo "# $("$claude" --version) — options defined with .hideHelp(), extracted from the binary"
  grep -a -o -E 'new [A-Za-z]{1,3}\("--[a-z-]+( <[a-z-]+>| \[[a-z-]+\])?","[^"]{0,300}"\)(\.[a-zA-Z]+\([^()]{0,60}\))*\.hideHelp\(\)' \
    "$(readlink -f "$claude")" | sed -E 's/^new [A-Za-z]+\("([^"]*)","([^"]*)".*/\1\t\2/' | sort -u
} >"$out/claude-hidden-options.txt"

{ echo "# $("$codex" --version) — codex --help"; "$codex" --help; } >"$out/codex-help.txt"
{ echo "# $("$codex" --version) — codex exec --help"; "$codex" exec --help; } >"$out/codex-exec-help.txt"

echo "refreshed $(ls "$out" | wc -l) files in $out"
