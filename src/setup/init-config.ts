import { access, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { platformPaths } from '../config/index.js';
import { askAnswers, type AskOptions } from './ask.js';
import { InitError } from './choose-remote.js';
import { detectRepo, type DetectedRepo, type DetectRepoOptions } from './detect-repo.js';
import { renderStarterConfig, type InitAnswers, type RenderOptions } from './render-config.js';

export interface InitOptions extends Pick<AskOptions, 'yes' | 'input' | 'output' | 'given'> {
  /** Default: the platform config path, where every command looks first. */
  configFile?: string;
  /** Replace an existing config. */
  force?: boolean;
  detectOptions?: DetectRepoOptions;
  detect?: (options: DetectRepoOptions) => Promise<DetectedRepo>;
  render?: RenderOptions;
  exists?: (path: string) => Promise<boolean>;
}

export interface InitResult {
  file: string;
  answers: InitAnswers;
  text: string;
}

const defaultExists = (path: string) => access(path).then(() => true, () => false);

/**
 * `overnight init`: detect, ask, write the starter config. An existing config is never replaced
 * without `force`, and that is checked before any question is asked.
 */
export async function initConfig(options: InitOptions): Promise<InitResult> {
  const file = options.configFile ?? platformPaths().configFile;
  if (!options.force && (await (options.exists ?? defaultExists)(file))) {
    throw new InitError(`${file} already exists: edit it, or pass --force to replace it`);
  }
  const detected = await (options.detect ?? detectRepo)(options.detectOptions ?? {});
  for (const note of detected.notes) options.output.write(`note: ${note}\n`);
  const answers = await askAnswers(detected, options);
  const text = renderStarterConfig(answers, options.render);
  // The directory also holds the token file when no keyring works: private from the start.
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, text, { mode: 0o644 });
  await rename(temporary, file);
  return { file, answers, text };
}
