/**
 * Where tests live by the conventions of the common stacks, at any depth so monorepo packages
 * count: the default of `guard.testPaths`. Directory globs take everything below (fixtures and
 * snapshots too): deleting one is still worth a reviewer's glance. Rust unit tests inside
 * `#[cfg(test)]` modules share files with the code, so they are not test paths; `#[ignore]` is
 * caught in any `.rs` file instead.
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
