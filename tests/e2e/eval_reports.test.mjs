// The year results' pages (issue 4, docs/evaluation-results.md) in Chromium:
// a unit's year board (five people in one job position, approved period
// scores written straight into the test database, as tests/api/
// test_api_eval_report.c does) is computed, decided and published from the
// board page; the publication is read on #/eval/published by the officer
// (full rows) and by a staff member of the unit (limited rows), a corrected
// name gives a second version with its note; #/eval/peers shows the
// distribution (bands, levels, quartiles) and a person's percentile on the
// chart; #/eval/flags lists the KHT person, the two periods below 50 and the
// anomalies (an output far above the median, a result without evidence),
// which disappear when the parameters are raised. All expected numbers are
// worked out here from the scores planted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { BASE, DB, ADMIN_PW, USER_PW, VIEWPORTS, launch, sql, trackedPage, login, shot } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function session(user, password = USER_PW) {
  const context = await browser.newContext({ viewport: VIEWPORTS.laptop, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', acceptDownloads: true });
  const page = await trackedPage(context, user);
  await login(page, user, password);
  return { context, page };
}

async function apiCall(page, method, path, body) {
  return page.evaluate(async ([m, p, b]) => {
    const me = await (await fetch('/api/v1/auth/me')).json();
    const r = await fetch('/api/v1' + p, { method: m, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token }, body: b === undefined ? undefined : JSON.stringify(b) });
    return { status: r.status, body: await r.json() };
  }, [method, path, body]);
}

/** Writes to the test database (the server reads the same file). */
function sqlWrite(query) {
  execFileSync('sqlite3', ['-cmd', '.timeout 10000', DB, query], { encoding: 'utf8' });
}

const cells = (page, sel) => page.$$eval(`${sel} tbody tr`, (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));

test('year results: publish from the board, read as officer and staff, peers, flags', async () => {
  const year = 2030;
  const tag = Date.now().toString(36);
  const POS = `Chuyên viên thẩm định e2e ${tag}`;
  // A leaf unit under a parent, nobody evaluated there yet.
  const [[unitId, unitName]] = sql(`SELECT u.unit_id, u.name FROM unit_version u WHERE u.valid_to IS NULL AND u.parent_id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM unit_version c WHERE c.parent_id = u.unit_id AND c.valid_to IS NULL)
    AND NOT EXISTS (SELECT 1 FROM eval_task t WHERE t.unit_id = u.unit_id)
    AND NOT EXISTS (SELECT 1 FROM eval_assessment a WHERE a.unit_id = u.unit_id)
    ORDER BY u.unit_id DESC LIMIT 1`);
  const unit = +unitId;

  // 1. Admin: five people in one job position (NĐ 335/2025 Art. 21: the year score is the average of the
  // approved period scores; Art. 20 bands: ≥70 HTT, 50–<70 HTNV, <50 KHT).
  const admin = await session('admin', ADMIN_PW);
  const plan = [
    { name: `Ngô Thị Hạnh ${tag}`, scores: [8800] },
    { name: `Đặng Văn Bảo ${tag}`, scores: [8000] },
    { name: `Lý Thị Cúc ${tag}`, scores: [7500] },
    { name: `Tạ Văn Dũng ${tag}`, scores: [6500] },
    { name: `Mai Văn Khải ${tag}`, scores: [4500, 4000] }, // 42,50: KHT; two periods below 50
  ];
  const rnd = Math.floor(Math.random() * 900000);
  for (const [i, p] of plan.entries()) {
    const yy = 70 + i;
    const r = await apiCall(admin.page, 'POST', '/people', { full_name: p.name, cccd: `0480${yy}${String((rnd + i * 7919) % 1000000).padStart(6, '0')}`,
      birth_date: `19${yy}-03-10`, sex: 1, ethnicity_id: 1, unit_id: unit, position: POS, rank_code: '01.003', salary_step: 1 });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    p.id = r.body.id;
  }
  const now = new Date().toISOString().slice(0, 19) + 'Z';
  sqlWrite(plan.flatMap((p) => p.scores.map((s, q) =>
    `INSERT INTO eval_assessment(person_id, unit_id, period_kind, year, number, state, regime, score_x100, band, created_at, updated_at)
     VALUES (${p.id}, ${unit}, 'quarter', ${year}, ${q + 1}, 'approved', 'nd335_2025', ${s}, NULL, '${now}', '${now}');`)).join('\n'));
  // Outputs of one product type in quarter 3: 10, 12, 8 and 50, and 3 below (median 10; 50 > 3 × 10).
  const pt = await apiCall(admin.page, 'POST', '/eval/product-types', { unit_id: unit, code: `TD${tag}`.slice(0, 20), name: 'Hồ sơ thẩm định', measure: 'hồ sơ', norm_x100: 100 });
  assert.equal(pt.status, 201, JSON.stringify(pt.body));
  const qty = [10, 12, 8, 50];
  const tasks = [];
  for (const [i, p] of plan.entries()) {
    const t = await apiCall(admin.page, 'POST', '/eval/tasks', { person_id: p.id, period_kind: 'quarter', year, number: 3, product_type_id: pt.body.id, target_qty: 10, deadline: `${year}-09-30` });
    assert.equal(t.status, 201, JSON.stringify(t.body));
    tasks.push(t.body.id);
    if (i < 4) {
      const res = await apiCall(admin.page, 'POST', `/eval/tasks/${t.body.id}/results`, { quantity: qty[i], evidence: [{ kind: 'document', ref: `${i + 1}/BC-TĐ` }] });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
  }
  // A result without evidence reported 20 days ago (reported_at is set by the server: written directly).
  const ago = new Date(Date.now() - 20 * 86400000).toISOString().slice(0, 19) + 'Z';
  sqlWrite(`INSERT INTO eval_result(task_id, quantity, origin, reported_by, reported_at) VALUES (${tasks[4]}, 3, 'report', 1, '${ago}')`);
  const staffUser = `kq.nhanvien.${tag}`;
  const su = await apiCall(admin.page, 'POST', '/users', { username: staffUser, role: 'staff', person_id: plan[1].id, password: USER_PW });
  assert.equal(su.status, 201, JSON.stringify(su.body));
  admin.page.assertClean();

  // 2. The officer: compute, decide and publish on the board page.
  const off = await session('canbo.e2e');
  await off.page.goto(`${BASE}/#/eval/board?unit=${unit}&year=${year}`);
  await off.page.waitForSelector('#board-compute');
  await off.page.click('#board-compute');
  await off.page.waitForSelector('#decide-form');
  await off.page.fill('#decide-minutes', 'Hội đồng thống nhất kết quả xếp loại.');
  await off.page.click('#decide-submit');
  await off.page.waitForSelector('#board-decisions');
  await off.page.click('#board-publish');
  await off.page.waitForSelector('#board-msg .alert-success');
  const [[pubRows, pubVer]] = sql(`SELECT rows, version FROM eval_publication WHERE unit_id = ${unit} AND year = ${year}`);
  assert.deepEqual([+pubRows, +pubVer], [5, 1]);

  // The hub: one nav entry leads to the three pages.
  await off.page.click('#mainnav a[href="#/eval/reports"]');
  await off.page.waitForSelector('#er-hub');
  assert.deepEqual(await off.page.$$eval('#er-hub a', (as) => as.map((a) => a.getAttribute('href'))), ['#/eval/published', '#/eval/peers', '#/eval/flags']);

  // 3. The publication, full view.
  await off.page.goto(`${BASE}/#/eval/published?unit=${unit}&year=${year}`);
  await off.page.waitForSelector('#pub-table tbody tr');
  const full = await cells(off.page, '#pub-table');
  assert.equal(full.length, 5);
  const byName = Object.fromEntries(full.map((r) => [r[1], r]));
  const heads = await off.page.$$eval('#pub-table thead th', (ths) => ths.map((t) => t.textContent.trim()));
  const col = (h) => heads.indexOf(h);
  assert.ok(col('Ghi chú') > 0 && col('Mức đề xuất') > 0, heads.join('|'));
  assert.equal(byName[plan[0].name][col('Điểm')], '88,00');
  assert.equal(byName[plan[4].name][col('Điểm')], '42,50');
  assert.match(byName[plan[4].name][col('Mức xếp loại')], /KHT/);
  assert.match(byName[plan[3].name][col('Mức xếp loại')], /HTNV/);
  assert.equal(byName[plan[1].name][col('Đơn vị')], unitName);
  assert.equal(byName[plan[1].name][col('Chức vụ, chức danh')], POS);
  assert.deepEqual(await off.page.$$eval('#pub-totals td', (tds) => tds.map((t) => t.textContent)), ['0', '3', '1', '1', '0', '5']);
  assert.equal(await off.page.textContent('#pub-ver'), 'Lần 1 / 1');
  assert.equal(await off.page.locator(`#pub-table a[href="#/people/${plan[4].id}"]`).count(), 1);
  assert.equal(await off.page.locator(`#pub-table a[href="#/eval/peers?person=${plan[1].id}&year=${year}"]`).count(), 1);
  await shot(off.page, 'eval-published-officer');

  // A corrected name, published again with a note: version 2; version 1 stays readable.
  const fixed = `Đặng Văn Bảo (đính chính) ${tag}`;
  const patch = await apiCall(off.page, 'PATCH', `/people/${plan[1].id}`, { full_name: fixed });
  assert.equal(patch.status, 200, JSON.stringify(patch.body));
  const again = await apiCall(off.page, 'POST', `/eval/units/${unit}/ratings/publish`, { year, note: 'Đính chính họ tên một người.' });
  assert.equal(again.status, 201, JSON.stringify(again.body));
  assert.equal(again.body.version, 2);
  off.page.assertClean();

  // 4. The staff member of the unit: their own unit, the latest version, limited rows.
  const st = await session(staffUser);
  await st.page.click('#mainnav a[href="#/eval/reports"]');
  await st.page.waitForSelector('#er-hub');
  assert.deepEqual(await st.page.$$eval('#er-hub a', (as) => as.map((a) => a.getAttribute('href'))), ['#/eval/published']);
  // The current year has no publication yet: said so (a 404 reply, expected).
  st.page.expectHttpError('/ratings/published', 404);
  await st.page.click('#er-hub a');
  await st.page.waitForSelector('#pub-none');
  assert.match(await st.page.textContent('#pub-none'), /chưa được công bố/);
  assert.equal(await st.page.$eval('#pub-unit', (s) => s.value), String(unit));
  await st.page.fill('#pub-year', String(year));
  await st.page.locator('#pub-year').blur();
  await st.page.waitForFunction(() => document.querySelector('#pub-ver')?.textContent === 'Lần 2 / 2');
  const stHeads = await st.page.$$eval('#pub-table thead th', (ths) => ths.map((t) => t.textContent.trim()));
  assert.deepEqual(stHeads, ['STT', 'Họ và tên', 'Chức vụ, chức danh', 'Đơn vị', 'Điểm', 'Mức xếp loại']);
  const lim = await cells(st.page, '#pub-table');
  assert.equal(lim.length, 5);
  assert.ok(lim.some((r) => r[1] === fixed), 'the corrected name in version 2');
  assert.ok(lim.some((r) => r[1] === plan[4].name && r[4] === '42,50' && /KHT/.test(r[5])));
  assert.equal(await st.page.locator('#pub-table a').count(), 0); // no links to records staff cannot read
  assert.match(await st.page.textContent('#pub-note'), /Đính chính họ tên một người\./);
  await shot(st.page, 'eval-published-staff');
  await st.page.selectOption('#pub-version', '1');
  await st.page.waitForFunction(() => document.querySelector('#pub-ver')?.textContent === 'Lần 1 / 2');
  assert.ok((await cells(st.page, '#pub-table')).some((r) => r[1] === plan[1].name), 'version 1 keeps the name as published');
  assert.equal(await st.page.locator('#pub-note').count(), 0);
  // Peers and flags are not for staff: the page sends them home.
  await st.page.evaluate(() => { location.hash = '#/eval/flags'; });
  await st.page.waitForFunction(() => location.hash === '#/me', null, { timeout: 5000 })
    .catch(async () => assert.fail(`staff on #/eval/flags went to ${await st.page.evaluate(() => location.hash)}`));
  assert.equal(await st.page.locator('#kht-table').count(), 0);
  st.page.assertClean();
  await st.context.close();

  // 5. Peers: the group of the job position. Scores 42,50 65 75 80 88: bands 40:1, 60:1, 70:1, 80:2;
  // levels HTT 3, HTNV 1, KHT 1; quartiles (type 7, n = 5) Q1 = 65, median = 75, Q3 = 80.
  await off.page.goto(`${BASE}/#/eval/reports`);
  await off.page.click('#er-hub a[href="#/eval/peers"]');
  await off.page.waitForSelector('#peers-form');
  await off.page.fill('#peers-position', POS);
  await off.page.fill('#peers-year', String(year));
  await off.page.locator('#peers-year').blur();
  await off.page.click('#peers-show');
  await off.page.waitForSelector('#bands-table');
  assert.equal(await off.page.textContent('#peers-size'), '5');
  const bands = await off.page.$$eval('#bands-table tbody tr', (trs) => trs.map((tr) => +tr.cells[1].textContent));
  assert.deepEqual(bands, [0, 0, 0, 0, 1, 0, 1, 1, 2, 0]);
  const bars = await off.page.$$eval('#peers-chart rect.er-bar', (rs) => rs.map((r) => [+r.getAttribute('data-count'), +r.getAttribute('height')]));
  assert.deepEqual(bars.map((b) => b[0]), bands);
  assert.ok(bars[8][1] > bars[7][1] && bars[7][1] > 0 && bars[0][1] === 0, JSON.stringify(bars));
  assert.deepEqual(await off.page.$$eval('#levels-table td', (tds) => tds.map((t) => t.textContent)), ['0', '3', '1', '1', '0']);
  assert.deepEqual(await Promise.all(['#q-min', '#q-q1', '#q-median', '#q-q3', '#q-max'].map((s) => off.page.textContent(s))),
    ['42,50', '65,00', '75,00', '80,00', '88,00']);
  assert.equal(await off.page.locator('#peers-marker').count(), 0);
  await shot(off.page, 'eval-peers-group');
  // One person: 80 among the 4 other scores (3 lower, none equal) -> percentile 100 × 3 / 4 = 75.
  await off.page.goto(`${BASE}/#/eval/peers?person=${plan[1].id}&year=${year}`);
  await off.page.waitForSelector('#peers-marker', { state: 'attached' });
  assert.equal(await off.page.textContent('#peers-percentile'), '75');
  assert.equal(await off.page.textContent('#peers-pscore'), '80,00');
  assert.equal(await off.page.getAttribute('#peers-marker', 'data-score'), '80.00');
  assert.match(await off.page.textContent('#peers-marker-label'), /phân vị 75/);
  assert.equal(await off.page.getAttribute('#bands-table tr.er-own-band', 'data-band'), '80');
  // The marker sits at 80 on the 0–100 axis: between the left edges of the 80 and 90 bars.
  const geo = await off.page.evaluate(() => {
    const m = document.querySelector('#peers-marker');
    const b80 = document.querySelector('#peers-chart rect[data-band="80"]');
    return { x: +m.getAttribute('x1'), b80: +b80.getAttribute('x') };
  });
  assert.ok(Math.abs(geo.x - (geo.b80 - 3)) < 0.01, JSON.stringify(geo));
  await shot(off.page, 'eval-peers-person');

  // 6. Flags of the unit and year.
  await off.page.goto(`${BASE}/#/eval/flags?unit=${unit}&year=${year}`);
  await off.page.waitForSelector('#kht-table');
  const kht = await cells(off.page, '#kht-table');
  assert.equal(kht.length, 1);
  assert.equal(kht[0][0], plan[4].name);
  assert.equal(kht[0][3], '42,50');
  assert.match(kht[0][5], /NĐ 154\/2025\/NĐ-CP Điều 2 khoản 1 điểm e/);
  assert.equal(await off.page.getAttribute(`#kht-table a.person-link`, 'href'), `#/people/${plan[4].id}`);
  assert.match(await off.page.textContent('#tab-kht'), /\(1\)/);
  await shot(off.page, 'eval-flags-kht');
  await off.page.click('#tab-below');
  await off.page.waitForSelector('#below-table', { state: 'visible' });
  const below = await cells(off.page, '#below-table');
  assert.equal(below.length, 1);
  assert.equal(below[0][0], plan[4].name);
  assert.match(below[0][3], new RegExp(`Quý 1/${year}: 45,00 điểm.*Quý 2/${year}: 40,00 điểm`));
  assert.deepEqual(await off.page.$$eval('#below-table tbody a:not(.person-link)', (as) => as.map((a) => a.getAttribute('href'))),
    [1, 2].map((n) => `#/eval/people/${plan[4].id}/period?kind=quarter&year=${year}&number=${n}`));
  await off.page.click('#tab-anomalies');
  await off.page.waitForSelector('#anomaly-table', { state: 'visible' });
  const anom = await cells(off.page, '#anomaly-table');
  assert.equal(anom.length, 2, JSON.stringify(anom));
  const above = anom.find((r) => r[0] === 'Vượt xa trung vị');
  const noev = anom.find((r) => r[0] === 'Không có minh chứng');
  assert.equal(above[1], plan[3].name);
  assert.equal(above[4], '50');
  // Every reported quantity counts in the median, the result without evidence too: 3 8 10 12 50 -> 10.
  assert.equal(above[5], '5'); // 50 / 10
  assert.match(above[3], /trung vị 10 \(5 nhiệm vụ\)/);
  const periodHrefs = await off.page.$$eval('#anomaly-table a[href*="/period?"]', (as) => as.map((a) => a.getAttribute('href')));
  assert.ok(periodHrefs.includes(`#/eval/people/${plan[3].id}/period?kind=quarter&year=${year}&number=3`), String(periodHrefs));
  // The result without evidence links to the period of its task too.
  assert.ok(periodHrefs.some((x) => x.startsWith(`#/eval/people/${plan[4].id}/period?kind=quarter&year=${year}&number=`)), String(periodHrefs));
  assert.equal(noev[1], plan[4].name);
  assert.match(noev[3], /20 ngày/);
  assert.equal(new URL(off.page.url()).hash.includes('tab=anomalies'), true);
  await shot(off.page, 'eval-flags-anomalies');
  // CSV of what is shown.
  const [download] = await Promise.all([off.page.waitForEvent('download'), off.page.click('#panel-anomalies .table-tools button')]);
  const csv = await (await import('node:fs/promises')).readFile(await download.path(), 'utf8');
  assert.match(csv, new RegExp(plan[3].name));
  assert.equal(csv.trim().split('\r\n').length, 3);
  // Raised thresholds: factor 5 (50 is not above 5 × 10) and 30 days: no anomaly left; the KHT flag stays.
  await off.page.fill('#flags-factor', '5');
  await off.page.fill('#flags-days', '30');
  await off.page.click('#flags-apply');
  await off.page.waitForFunction(() => document.querySelector('#count-anomalies')?.textContent === '(0)');
  assert.equal(await off.page.textContent('#count-kht'), '(1)');
  assert.match(off.page.url(), /factor=5&min_peers=3&days=30|factor=5.*days=30/);
  // A wrong factor is refused on the page.
  await off.page.fill('#flags-factor', '1');
  await off.page.click('#flags-apply');
  await off.page.waitForSelector('#flags-msg .alert-error');
  assert.equal(await off.page.getAttribute('#flags-factor', 'aria-invalid'), 'true');

  // Tablet width: no sideways scrolling of the page itself.
  await off.page.setViewportSize(VIEWPORTS.tablet);
  for (const [hash, sel] of [[`#/eval/flags?unit=${unit}&year=${year}`, '#kht-table'], [`#/eval/published?unit=${unit}&year=${year}`, '#pub-table'],
    [`#/eval/peers?person=${plan[1].id}&year=${year}`, '#peers-chart']]) {
    await off.page.goto(`${BASE}/${hash}`);
    await off.page.waitForSelector(sel);
    const over = await off.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(over <= 0, `${hash} at tablet: page scrolls sideways by ${over}px`);
  }
  await shot(off.page, 'eval-peers-tablet');
  off.page.assertClean();
  await off.context.close();
  await admin.context.close();
});
