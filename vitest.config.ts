import { defineConfig } from 'vitest/config';

/**
 * One run, four tiers (each runnable alone: `npx vitest run test/unit` …):
 * unit (no network), integration (the embedded stack started once by the global setup),
 * infra (CDK assertions + cdk-nag), e2e (real Chromium against a stack of its own).
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', LOG_LEVEL: 'silent', POWERTOOLS_METRICS_DISABLED: 'true' },
  },
});
