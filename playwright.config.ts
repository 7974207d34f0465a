/**
 * The console's browser tests (test/browser, docs/console.md): headless Debian
 * Chromium (scripts/browser.sh installs it; Playwright's browser download is not
 * used), 1366×768, zh-CN (the browser's language too), China time. One worker: the stories share the one
 * stack test/browser/support/global-setup.ts starts, and some build on what
 * others did. Screenshots go to reports/screens/ (gitignored).
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'test/browser',
  testMatch: '**/*.spec.ts',
  globalSetup: './test/browser/support/global-setup.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: 'reports/playwright/results',
  reporter: [['list'], ['html', { outputFolder: 'reports/playwright/html', open: 'never' }]],
  use: {
    headless: true,
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    // The browser's own language, which native date and time inputs follow (年/月/日; the context's locale does not
    // reach them): headless Chromium takes it from LANGUAGE, with its zh-CN locale (chromium-l10n, scripts/browser.sh).
    // Not LANG: a zh_CN LANG the system has no locale for makes file names ASCII, and a Chinese download name "download".
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      env: { ...process.env, LANGUAGE: 'zh_CN:zh' },
    },
    actionTimeout: 10_000,
    navigationTimeout: 30_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
