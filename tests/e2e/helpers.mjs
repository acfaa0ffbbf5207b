// Shared by the end-to-end tests: Debian's Chromium through playwright-core,
// the server started by run.sh (CANBO_E2E_BASE), its database (CANBO_E2E_DB)
// read with the sqlite3 command, console-error tracking and screenshots.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import assert from 'node:assert/strict';

export const BASE = process.env.CANBO_E2E_BASE || 'http://127.0.0.1:8080';
export const DB = process.env.CANBO_E2E_DB || '';
export const ADMIN_PW = process.env.CANBO_ADMIN_PASSWORD || 'admin-Secret-123';
export const USER_PW = process.env.CANBO_USER_PASSWORD || 'user-Secret-123';
export const SHOTS = process.env.CANBO_E2E_SHOTS || '/tmp/canbo-e2e-shots';
mkdirSync(SHOTS, { recursive: true });

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** One value or rows from the test database (sqlite3 CLI, read-only). */
export function sql(query) {
  assert.ok(DB, 'CANBO_E2E_DB is not set (run tests/e2e/run.sh)');
  const out = execFileSync('sqlite3', ['-readonly', '-separator', '\t', DB, query], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean).map((l) => l.split('\t'));
}

/** Folds like the server: no case, no diacritics, đ -> d (written here
 * independently of web/js/util.js). */
export function foldVi(s) {
  const map = { đ: 'd', Đ: 'd' };
  return [...s.normalize('NFD')].filter((c) => !/[\u0300-\u036f]/.test(c)).map((c) => map[c] || c).join('').toLowerCase();
}

/**
 * A page that records console errors/warnings and uncaught exceptions.
 * expectHttpError(urlPart, status) allows one "Failed to load resource"
 * error for a request the test makes fail on purpose (a wrong password, a
 * field with a bad value); everything else must stay clean.
 */
export async function trackedPage(context, name) {
  const page = await context.newPage();
  const problems = [];
  const allowed = [];
  const failed = []; // responses >= 400, in order
  page.on('response', (r) => { if (r.status() >= 400) failed.push({ url: r.url(), status: r.status() }); });
  page.on('console', (m) => {
    if (m.type() !== 'error' && m.type() !== 'warning') return;
    const text = m.text();
    const url = m.location()?.url || '';
    if (/Failed to load resource/.test(text)) {
      const st = +((/status of (\d+)/.exec(text) || [])[1] || 0);
      const i = allowed.findIndex((a) => url.includes(a.urlPart) && a.status === st);
      if (i >= 0) { allowed.splice(i, 1); return; }
    }
    problems.push(`${name}: console ${m.type()}: ${text} (${url})`);
  });
  page.on('pageerror', (e) => problems.push(`${name}: uncaught ${e.message}`));
  page.expectHttpError = (urlPart, status, times = 1) => { for (let i = 0; i < times; i++) allowed.push({ urlPart, status }); };
  page.assertClean = () => assert.deepEqual(problems, [], 'console errors or uncaught exceptions:\n' + problems.join('\n'));
  page.failedResponses = failed;
  return page;
}

export async function login(page, username, password) {
  await page.goto(BASE + '/#/login');
  await page.waitForSelector('#username');
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.press('#password', 'Enter');
  await page.waitForFunction(() => !location.hash.startsWith('#/login'), null, { timeout: 15000 });
}

/** GET a JSON API path with the page's session cookie. */
export async function apiGet(page, path) {
  return page.evaluate(async (p) => {
    const r = await fetch('/api/v1' + p, { headers: { Accept: 'application/json' } });
    return { status: r.status, body: r.headers.get('Content-Type')?.includes('json') ? await r.json() : await r.text() };
  }, path);
}

export async function shot(page, name, fullPage = true) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });
}

export const VIEWPORTS = { laptop: { width: 1366, height: 850 }, tablet: { width: 820, height: 1180 } };
