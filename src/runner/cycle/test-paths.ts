import picomatch from 'picomatch';

/**
 * Where tests live by the conventions of the common stacks, at any depth so monorepo packages
 * count. Directory globs take everything below (fixtures and snapshots too): deleting one is
 * still worth a reviewer's glance. Rust unit tests inside `#[cfg(test)]` modules share files with
 * the code, so they are not test paths; `#[ignore]` is caught in any `.rs` file instead.
 */
export const DEFAULT_TEST_PATHS: readonly string[] = [
  // JavaScript / TypeScript
  '**/*.test.*',
  '**/*.spec.*',
  '**/__tests__/**',
  '**/test/**',
  '**/tests/**',
  // Python
  '**/test_*.py',
  '**/*_test.py',
  '**/conftest.py',
  // Go
  '**/*_test.go',
  // Java / Kotlin (Maven and Gradle layout)
  '**/src/test/**',
  // Ruby
  '**/spec/**/*_spec.rb',
  '**/test/**/*_test.rb',
];

export type TestPathMatcher = (path: string) => boolean;

/** Paths are repository-relative with forward slashes, as git prints them; dotfiles match too. */
export function createTestPathMatcher(globs: readonly string[] = DEFAULT_TEST_PATHS): TestPathMatcher {
  const matchers = globs.map((glob) => picomatch(glob, { dot: true }));
  return (path) => matchers.some((matches) => matches(path));
}
