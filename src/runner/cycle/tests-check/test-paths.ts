import picomatch from 'picomatch';
import { DEFAULT_TEST_PATHS } from '../../../config/index.js';

export { DEFAULT_TEST_PATHS } from '../../../config/index.js';

export type TestPathMatcher = (path: string) => boolean;

/** Paths are repository-relative with forward slashes, as git prints them; dotfiles match too. */
export function createTestPathMatcher(globs: readonly string[] = DEFAULT_TEST_PATHS): TestPathMatcher {
  const matchers = globs.map((glob) => picomatch(glob, { dot: true }));
  return (path) => matchers.some((matches) => matches(path));
}
