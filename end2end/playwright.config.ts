import { defineConfig } from '@playwright/test';

// Real Debian Chromium, headless, at a phone viewport; once with JavaScript and once without.
const port = Number(process.env.LINLI_E2E_PORT ?? 3100);
const bin = process.env.LINLI_BIN ?? '../target/debug/linli';
const data = process.env.LINLI_E2E_DATA ?? '../target/e2e-data';
const phone = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
};

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
             '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
             // A camera for the kiosk's live QR reader: Chromium's test pattern, allowed without asking.
             '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
    },
    trace: 'off',
  },
  projects: [
    { name: 'js', use: { ...phone, javaScriptEnabled: true } },
    { name: 'no-js', use: { ...phone, javaScriptEnabled: false } },
  ],
  // One address plays every resident, officer and admin of the run: its per-address limits are
  // five times a single household's (the limits themselves are tested on the router).
  webServer: {
    command: `rm -rf ${data} && LINLI_DATA_DIR=${data} ${bin} seed-demo && LINLI_DATA_DIR=${data} LINLI_RATE_LIMIT_SCALE=5 LEPTOS_SITE_ROOT=../target/site LEPTOS_SITE_ADDR=127.0.0.1:${port} exec ${bin} serve`,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
