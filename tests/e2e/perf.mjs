// Time to first paint and to interactive of the people list at 100,000
// people, in headless Chromium (Debian's, through playwright-core).
//
//   node tests/e2e/perf.mjs            # builds a 100,000-people demo db in a temp dir
//   PERF_DB=/path/x.db node tests/e2e/perf.mjs   # reuse a db (admin password in CANBO_ADMIN_PASSWORD)
//   PERF_PEOPLE=1000000 PERF_RUNS=7 node tests/e2e/perf.mjs
//
// Each run opens a fresh browser context (empty cache) on /#/people already
// signed in, and records: first paint and first contentful paint
// (performance.getEntriesByType('paint')), DOMContentLoaded, the GET
// /api/v1/people reply, the moment the first page of rows is in the DOM
// (performance mark "people-rows-rendered", set by web/js/pages/people.js),
// and time to interactive = the later of that mark and the end of the last
// long task (> 50 ms) before it. Then an instant search: keystrokes to the
// new rows. Prints one line per run and the medians; writes JSON to
// $PERF_OUT (default /tmp/canbo-perf.json).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = process.env.CANBO_BIN || join(ROOT, 'build', 'canbo');
const PEOPLE = +(process.env.PERF_PEOPLE || 100000);
const RUNS = +(process.env.PERF_RUNS || 5);
const ADMIN_PW = process.env.CANBO_ADMIN_PASSWORD || 'admin-Secret-123';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN; };
const ms = (x) => (Number.isFinite(x) ? x.toFixed(0).padStart(6) : '     –');

async function main() {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run make build/canbo`);
  let tmp = null, db = process.env.PERF_DB;
  const env = { ...process.env, CANBO_ADMIN_PASSWORD: ADMIN_PW };
  if (!db) {
    tmp = mkdtempSync(join(tmpdir(), 'canbo-perf-'));
    db = join(tmp, 'perf.db');
    execFileSync(BIN, ['init', '--db', db], { env, stdio: 'ignore' });
    const t0 = Date.now();
    execFileSync(BIN, ['demo', '--db', db, '--people', String(PEOPLE), '--seed', '7'], { env, stdio: 'ignore' });
    console.log(`demo database: ${PEOPLE.toLocaleString('en')} people in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const people = +execFileSync('sqlite3', ['-readonly', db, 'SELECT count(*) FROM person'], { encoding: 'utf8' }).trim();
  const server = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--threads', '4'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    let buf = '';
    server.stdout.on('data', (d) => { buf += d; const m = /127\.0\.0\.1:(\d+)/.exec(buf); if (m) resolve(+m[1]); });
    server.on('exit', (c) => reject(new Error('server exited ' + c)));
    setTimeout(() => reject(new Error('server did not start')), 10000);
  });
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ARGS });
  const results = [];
  try {
    // A name to search for, without diacritics.
    const name = execFileSync('sqlite3', ['-readonly', db, "SELECT name_fold FROM person ORDER BY id LIMIT 1 OFFSET 4321"], { encoding: 'utf8' }).trim();
    for (let run = 0; run <= RUNS; run++) { // run 0 warms the server's page cache and is not counted
      const context = await browser.newContext({ viewport: { width: 1366, height: 850 } });
      const login = await context.request.post(base + '/api/v1/auth/login', { data: { username: 'admin', password: ADMIN_PW }, headers: { Origin: base } });
      if (!login.ok()) throw new Error('login failed: ' + login.status());
      await context.addInitScript(() => {
        localStorage.setItem('canbo.signedIn', '1');
        window.__longtasks = [];
        try {
          new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longtasks.push([e.startTime, e.duration]); })
            .observe({ type: 'longtask', buffered: true });
        } catch { /* no long task API */ }
      });
      const page = await context.newPage();
      const errors = [];
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(base + '/#/people', { waitUntil: 'commit' });
      await page.waitForFunction(() => performance.getEntriesByName('people-rows-rendered').length > 0, null, { timeout: 60000 });
      await page.waitForTimeout(300); // let late long tasks be reported
      const m = await page.evaluate(() => {
        const paint = Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, e.startTime]));
        const nav = performance.getEntriesByType('navigation')[0];
        const rows = performance.getEntriesByName('people-rows-rendered')[0].startTime;
        const api = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/v1/people?'));
        const lastLong = (window.__longtasks || []).filter(([s]) => s <= rows).reduce((a, [s, d]) => Math.max(a, s + d), 0);
        return {
          firstPaint: paint['first-paint'], firstContentfulPaint: paint['first-contentful-paint'],
          domContentLoaded: nav.domContentLoadedEventEnd, rowsRendered: rows, timeToInteractive: Math.max(rows, lastLong),
          apiPeopleMs: api ? api.responseEnd - api.startTime : NaN, rowCount: document.querySelectorAll('#people-rows tr').length,
          resultLine: document.querySelector('#result-line').textContent,
        };
      });
      // Instant search: type the folded name, wait for rows that match it.
      const t = await page.evaluate(async (q) => {
        const input = document.querySelector('#people-search');
        const before = document.querySelector('#people-rows').innerHTML;
        const t0 = performance.now();
        input.value = q;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise((res) => { const check = () => (document.querySelector('#people-rows').innerHTML !== before ? res() : setTimeout(check, 5)); check(); });
        return performance.now() - t0;
      }, name);
      m.searchToRows = t; // includes the 250 ms debounce
      m.consoleErrors = errors.length;
      if (run > 0) results.push(m);
      if (run === 0) console.log(`people list at ${people.toLocaleString('en')} people: ${m.resultLine}`);
      else console.log(`run ${run}: FP ${ms(m.firstPaint)}  FCP ${ms(m.firstContentfulPaint)}  DCL ${ms(m.domContentLoaded)}  API ${ms(m.apiPeopleMs)}  rows ${ms(m.rowsRendered)}  TTI ${ms(m.timeToInteractive)}  search ${ms(m.searchToRows)} ms  (${m.rowCount} rows, ${errors.length} console errors)`);
      await context.close();
    }
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    if (tmp && !process.env.PERF_KEEP) rmSync(tmp, { recursive: true, force: true });
  }
  const keys = ['firstPaint', 'firstContentfulPaint', 'domContentLoaded', 'apiPeopleMs', 'rowsRendered', 'timeToInteractive', 'searchToRows'];
  const med = Object.fromEntries(keys.map((k) => [k, median(results.map((r) => r[k]))]));
  console.log(`median of ${results.length}: FP ${ms(med.firstPaint)}  FCP ${ms(med.firstContentfulPaint)}  DCL ${ms(med.domContentLoaded)}  API ${ms(med.apiPeopleMs)}  rows ${ms(med.rowsRendered)}  TTI ${ms(med.timeToInteractive)}  search ${ms(med.searchToRows)} ms`);
  const out = process.env.PERF_OUT || '/tmp/canbo-perf.json';
  writeFileSync(out, JSON.stringify({ people, runs: results, median: med }, null, 2));
  console.log('written ' + out);
  if (results.some((r) => r.consoleErrors)) process.exitCode = 1;
}

main().catch((e) => { console.error(e); process.exit(1); });
