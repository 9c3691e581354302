import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Every JSON answer a test receives is validated against the OpenAPI document.
    setupFiles: ['test/helpers/answer-setup.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'suite', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, 'test/faults/**'] },
      },
      {
        // Tests that stop shared services (PostgreSQL itself): they run alone, after everything else.
        extends: true,
        test: { name: 'faults', include: ['test/faults/**/*.test.ts'], sequence: { groupOrder: 1 } },
      },
    ],
  },
});
