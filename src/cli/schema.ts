import type { Command } from 'commander';
import { jsonSchemaText, repoConfigJsonSchema, runnerConfigJsonSchema } from '../config/index.js';

/** `overnight schema [--repo]`: the JSON Schema editors use; schema/*.schema.json are copies of it. */
export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of the runner config (--repo: of .github/overnight.yml)')
    .option('--repo', 'the repository config .github/overnight.yml instead')
    .action((options: { repo?: boolean }) => {
      process.stdout.write(jsonSchemaText(options.repo ? repoConfigJsonSchema() : runnerConfigJsonSchema()));
    });
}
