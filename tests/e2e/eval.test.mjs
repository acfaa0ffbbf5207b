// Evaluation by product, one quarter end to end in Chromium (see run.sh):
// the officer builds the unit's catalogue and assigns tasks; the staff member
// reports outputs with evidence (an uploaded file, a document number, and one
// output without evidence that stays unverified and does not count); the
// verifier verifies; a delay and an objective quality failure are recorded;
// the self-assessment is submitted, reviewed by the manager and the head and
// approved by the officer; the score on screen equals the NĐ 335/2025 formula
// worked out here by hand; then the unit's year board is computed and the
// council's decision recorded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, ADMIN_PW, USER_PW, VIEWPORTS, launch, sql, trackedPage, login, apiGet, shot } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function session(user, password = USER_PW) {
  const context = await browser.newContext({ viewport: VIEWPORTS.laptop, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await trackedPage(context, user);
  await login(page, user, password);
  return { context, page };
}

/** A JSON call with the page's session (CSRF from /auth/me). */
async function apiCall(page, method, path, body) {
  return page.evaluate(async ([m, p, b]) => {
    const me = await (await fetch('/api/v1/auth/me')).json();
    const r = await fetch('/api/v1' + p, { method: m, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token }, body: b === undefined ? undefined : JSON.stringify(b) });
    return { status: r.status, body: await r.json() };
  }, [method, path, body]);
}

// The smallest PNG (1×1), as an evidence file.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4e90000000049454e44ae426082', 'hex');

/** NĐ 335/2025 Art. 12 and 14 (docs/rules.md "Score"): period score in hundredths.
 * items: {norm (hundredths), assigned, verified, qualityFailures, delays} — only
 * verified quantities and non-objective reviews count. general: three groups, hundredths. */
function expectedScore(general, items) {
  const U = items.reduce((s, i) => s + i.norm * i.assigned, 0);
  const done = items.reduce((s, i) => s + i.norm * i.verified, 0);
  // Each failed review or delay costs 25% of that item's points (Art. 14 b, c).
  const qual = items.reduce((s, i) => s + i.norm * i.verified * Math.max(0, 1 - 0.25 * i.qualityFailures), 0);
  const prog = items.reduce((s, i) => s + i.norm * i.verified * Math.max(0, 1 - 0.25 * i.delays), 0);
  const cap = (x) => Math.min(x, U); // each ratio capped at 100% over the period
  // task = 70 × (a + b + c) / 3, truncated to hundredths once (score_round, NĐ 335: down).
  const task = Math.floor((7000 * (cap(done) + cap(qual) + cap(prog))) / (3 * U));
  const gen = general.reduce((s, g) => s + g, 0);
  return { gen, task, total: gen + task };
}

const fmt = (x100) => (x100 / 100).toFixed(2).replace('.', ',');

test('evaluation: one quarter end to end, then the unit year board and the council decision', async () => {
  // A small leaf unit with a non-leader to rate (and nobody rated yet).
  const [[unitId, unitName]] = sql(`SELECT u.unit_id, u.name FROM unit_version u JOIN person p ON p.unit_id = u.unit_id AND p.status = 'active'
    WHERE u.valid_to IS NULL AND NOT EXISTS (SELECT 1 FROM unit_version c WHERE c.parent_id = u.unit_id AND c.valid_to IS NULL)
    AND NOT EXISTS (SELECT 1 FROM eval_task t WHERE t.unit_id = u.unit_id)
    GROUP BY u.unit_id HAVING count(*) BETWEEN 2 AND 4 AND sum(p.title_id IS NULL) >= 1 ORDER BY u.unit_id LIMIT 1`);
  const [[personId, personName]] = sql(`SELECT id, full_name FROM person WHERE unit_id = ${+unitId} AND status = 'active' AND title_id IS NULL ORDER BY id LIMIT 1`);
  const year = 2026, quarter = 3;
  const periodQ = `kind=quarter&year=${year}&number=${quarter}`;

  // Users, created through the admin API.
  const admin = await session('admin', ADMIN_PW);
  const tag = Date.now().toString(36);
  const users = {
    officer: { username: `dg.canbo.${tag}`, role: 'officer', unit_id: +unitId, display_name: 'Cán bộ tổ chức (đánh giá)' },
    manager: { username: `dg.truongphong.${tag}`, role: 'leader', unit_id: +unitId, display_name: 'Trưởng phòng' },
    head: { username: `dg.thutruong.${tag}`, role: 'leader', unit_id: +unitId, display_name: 'Thủ trưởng' },
    staff: { username: `dg.nhanvien.${tag}`, role: 'staff', person_id: +personId },
  };
  for (const u of Object.values(users)) {
    const r = await apiCall(admin.page, 'POST', '/users', { ...u, password: USER_PW });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    u.id = r.body.id;
  }
  await admin.context.close();

  // 1. The officer: task group, product types (one retired), two tasks.
  const off = await session(users.officer.username);
  await off.page.goto(`${BASE}/#/eval/tasks?unit=${unitId}&${periodQ}`);
  await off.page.waitForSelector('#ptype-form');
  await off.page.fill('#tg-name', 'Tham mưu, tổng hợp');
  await off.page.click('#group-form button[type=submit]');
  await off.page.waitForFunction(() => [...document.querySelectorAll('#pt-group option')].some((o) => o.textContent === 'Tham mưu, tổng hợp'));
  const addType = async (code, name, measure, norm, group) => {
    await off.page.fill('#pt-code', code);
    await off.page.fill('#pt-name', name);
    await off.page.fill('#pt-measure', measure);
    await off.page.fill('#pt-norm', norm);
    if (group) await off.page.selectOption('#pt-group', { label: group });
    await off.page.click('#ptype-form button[type=submit]');
    await off.page.waitForSelector(`#ptype-table td:text-is("${code}")`);
  };
  await addType('TTR', 'Tờ trình, văn bản tham mưu', 'văn bản', '1,5', 'Tham mưu, tổng hợp');
  await addType('HS', 'Hồ sơ thủ tục hành chính', 'hồ sơ', '1', 'Tham mưu, tổng hợp');
  await addType('CU', 'Báo cáo mẫu cũ', 'báo cáo', '0,5');
  // Retire the old one: it stays in the catalogue, marked, and cannot be assigned.
  await off.page.click('button[aria-label="Ngừng áp dụng Báo cáo mẫu cũ"]');
  await off.page.waitForFunction(() => [...document.querySelectorAll('#ptype-table tr')].some((tr) => tr.textContent.includes('CU') && tr.textContent.includes('Đã ngừng')));
  assert.equal(await off.page.locator('#as-product option', { hasText: 'Báo cáo mẫu cũ' }).count(), 0);
  assert.match(await off.page.textContent('#ptype-table'), /1,50/);

  const assign = async (code, qty, title) => {
    await off.page.selectOption('#as-person', String(personId));
    const value = await off.page.$eval('#as-product', (s, c) => [...s.options].find((o) => o.textContent.startsWith(c + ' ')).value, code);
    await off.page.selectOption('#as-product', value);
    await off.page.fill('#as-title', title);
    await off.page.fill('#as-qty', String(qty));
    await off.page.fill('#as-deadline', '30/09/2026');
    await off.page.fill('#as-quality', 'Đúng thể thức, đúng hạn, không phải trả lại');
    // The verifier is picked from the accounts that may verify the person's unit.
    await off.page.waitForSelector(`#as-verifier option[value="${users.manager.id}"]`, { state: 'attached' });
    await off.page.selectOption('#as-verifier', String(users.manager.id));
    await off.page.click('#assign-form button[type=submit]');
    await off.page.waitForSelector(`#task-table td:text-is("${title}")`);
  };
  // A wrong deadline is refused on the page, in Vietnamese, next to the field.
  await off.page.selectOption('#as-person', String(personId));
  await off.page.fill('#as-qty', '4');
  await off.page.fill('#as-deadline', '31/09/2026');
  await off.page.click('#assign-form button[type=submit]');
  await off.page.waitForSelector('#assign-msg .alert-error');
  assert.match(await off.page.textContent('#assign-msg'), /dd\/mm\/yyyy/);
  assert.equal(await off.page.getAttribute('#as-deadline', 'aria-invalid'), 'true');
  await assign('TTR', 4, 'Soạn tờ trình quý III');
  await assign('HS', 2, 'Giải quyết hồ sơ thủ tục');
  assert.equal(await off.page.locator('#task-table tbody tr').count(), 2);
  await shot(off.page, 'eval-assign');
  off.page.assertClean();

  // 2. The staff member reports: a file, a document number, and one output without evidence.
  const st = await session(users.staff.username);
  await st.page.goto(`${BASE}/#/eval/me`);
  await st.page.waitForSelector('#eval-period-body');
  assert.match(st.page.url(), new RegExp(`#/eval/people/${personId}/period\\?`));
  await st.page.goto(`${BASE}/#/eval/people/${personId}/period?${periodQ}`);
  await st.page.waitForSelector('.eval-task');
  const taskIds = await st.page.$$eval('.eval-task', (els) => els.map((e) => +e.id.slice(5)));
  const [t1, t2] = taskIds;
  assert.equal(taskIds.length, 2);
  const report = async (tid, qty, kind, ref) => {
    const before = await st.page.locator(`#results-${tid} tbody tr`).count();
    await st.page.fill(`#rp-${tid}-qty`, String(qty));
    await st.page.selectOption(`#rp-${tid}-kind`, kind);
    if (kind === 'file') await st.page.setInputFiles(`#rp-${tid}-file`, { name: 'to-trinh-quy-3.png', mimeType: 'image/png', buffer: PNG });
    else if (kind) await st.page.fill(`#rp-${tid}-ref`, ref);
    await st.page.click(`#report-form-${tid} button[type=submit]`);
    await st.page.waitForFunction(([id, n]) => document.querySelectorAll(`#results-${id} tbody tr`).length === n + 1, [tid, before]);
  };
  await report(t1, 3, 'file');
  await report(t1, 1, '');
  await report(t2, 2, 'document', 'Số 125/TTr-VP ngày 20/9/2026');
  // Everything is unverified for now; the output without evidence says so.
  assert.equal(await st.page.locator('.eval-badge-unverified').count(), 3);
  const noEv = st.page.locator(`#results-${t1} tbody tr`).nth(1);
  assert.match(await noEv.textContent(), /Không có minh chứng/);
  assert.match(await noEv.textContent(), /Chưa xác minh/);
  assert.match(await st.page.textContent(`#task-${t1}`), /Đã xác minh 0\/4/);
  const fileLink = st.page.locator(`#results-${t1} a[href*="/eval/files/"]`);
  assert.equal(await fileLink.textContent(), 'to-trinh-quy-3.png');
  const fileHref = await fileLink.getAttribute('href');
  const fileRes = await st.page.evaluate(async (u) => { const r = await fetch(u); return { status: r.status, type: r.headers.get('Content-Type'), size: (await r.arrayBuffer()).byteLength }; }, fileHref);
  assert.deepEqual(fileRes, { status: 200, type: 'image/png', size: PNG.length });
  await shot(st.page, 'eval-report');
  st.page.assertClean();

  // 3. The verifier (the manager): the queue; the output without evidence cannot be verified.
  const mg = await session(users.manager.username);
  await mg.page.goto(`${BASE}/#/eval/verify?${periodQ}`);
  await mg.page.waitForSelector('#verify-table tbody tr[data-result]');
  assert.equal(await mg.page.locator('#verify-table tbody tr[data-result]').count(), 3);
  assert.equal(await mg.page.locator('#verify-table button[data-verify]:disabled').count(), 1);
  await shot(mg.page, 'eval-verify-queue');
  for (let i = 0; i < 2; i++) {
    const n = await mg.page.locator('#verify-table tbody tr[data-result]').count();
    await mg.page.locator('#verify-table button[data-verify]:not([disabled])').first().click();
    await mg.page.waitForFunction((k) => document.querySelectorAll('#verify-table tbody tr[data-result]').length === k - 1, n);
  }
  assert.equal(await mg.page.locator('#verify-table tbody tr[data-result]').count(), 1);
  assert.match(await mg.page.textContent('#verify-msg'), /Đã xác nhận/);

  // A delay on task 2 (deducts), an objective quality failure on task 1 (does not).
  await mg.page.goto(`${BASE}/#/eval/people/${personId}/period?${periodQ}`);
  await mg.page.waitForSelector(`#review-form-${t2}`, { state: 'attached' });
  await mg.page.click(`#task-${t2} details.eval-details summary`);
  await mg.page.selectOption(`#rv-${t2}-kind`, 'delay');
  await mg.page.fill(`#rv-${t2}-on`, '05/10/2026');
  await mg.page.click(`#review-form-${t2} button[type=submit]`);
  await mg.page.waitForSelector(`#reviews-${t2} li`);
  assert.match(await mg.page.textContent(`#reviews-${t2}`), /Chậm tiến độ ngày 05\/10\/2026.*trừ 25%/);
  await mg.page.click(`#task-${t1} details.eval-details summary`);
  await mg.page.selectOption(`#rv-${t1}-kind`, 'quality');
  await mg.page.fill(`#rv-${t1}-on`, '28/09/2026');
  await mg.page.check(`#rv-${t1}-obj`);
  await mg.page.fill(`#rv-${t1}-reason`, 'Chờ ý kiến của cơ quan phối hợp');
  await mg.page.click(`#review-form-${t1} button[type=submit]`);
  await mg.page.waitForSelector(`#reviews-${t1} li`);
  assert.match(await mg.page.textContent(`#reviews-${t1}`), /khách quan.*không trừ điểm/);
  assert.match(await mg.page.textContent(`#task-${t1}`), /Đã xác minh 3\/4/);
  assert.match(await mg.page.textContent(`#task-${t1}`), /Chưa xác minh 1 \(không tính\)/);
  mg.page.assertClean();

  // 4. Self-assessment: the three general-criteria groups, then submit.
  const general = [1000, 900, 850];
  await st.page.reload();
  await st.page.waitForSelector('#open-assessment');
  await st.page.click('#open-assessment');
  await st.page.waitForSelector('#self-form');
  await st.page.fill('#gen-g1', '10');
  await st.page.fill('#gen-g2', '9');
  await st.page.fill('#gen-g3', '8,5');
  await st.page.click('#do-submit');
  await st.page.waitForFunction(() => document.querySelector('#as-state')?.textContent === 'Đã tự đánh giá');
  const exp = expectedScore(general, [
    { norm: 150, assigned: 4, verified: 3, qualityFailures: 0, delays: 0 }, // the unverified 1 and the objective failure do not count
    { norm: 100, assigned: 2, verified: 2, qualityFailures: 0, delays: 1 },
  ]);
  assert.equal(exp.total, 8291); // 27.50 + 70 × (650 + 650 + 600) / 2400 = 27.50 + 55.41(6) → 82.91
  assert.equal(await st.page.textContent('#as-score'), fmt(exp.total));
  assert.match(await st.page.textContent('#as-band'), /HTT/);
  assert.match(await st.page.textContent('#score-detail'), new RegExp(`Tiêu chí chung ${fmt(exp.gen)}/30 \\+ kết quả nhiệm vụ ${fmt(exp.task)}/70`));
  await shot(st.page, 'eval-self-assessed');

  // 5. The manager returns it (a note is required), the staff member resubmits: the history is kept.
  await mg.page.reload();
  await mg.page.waitForSelector('#do-return');
  await mg.page.click('#do-return');
  await mg.page.waitForSelector('#period-msg .alert-error');
  assert.match(await mg.page.textContent('#period-msg'), /Trả lại phải nêu lý do/);
  await mg.page.fill('#step-note', 'Đề nghị tự chấm lại nhóm tiêu chí 3.');
  await mg.page.click('#do-return');
  await mg.page.waitForFunction(() => document.querySelector('#as-state')?.textContent === 'Bị trả lại');
  await st.page.reload();
  await st.page.waitForSelector('#self-form');
  assert.match(await st.page.textContent('#as-timeline'), /Trả lại.*Ghi chú: Đề nghị tự chấm lại nhóm tiêu chí 3\./);
  await st.page.fill('#gen-g1', '10');
  await st.page.fill('#gen-g2', '9');
  await st.page.fill('#gen-g3', '8,50');
  await st.page.click('#do-submit');
  await st.page.waitForFunction(() => document.querySelector('#as-state')?.textContent === 'Đã tự đánh giá');
  assert.equal(await st.page.textContent('#as-score'), fmt(exp.total));
  st.page.assertClean();
  await st.context.close();

  // 6. Manager review, head review (each a signed, dated step).
  await mg.page.reload();
  await mg.page.waitForSelector('#do-manager_review');
  await mg.page.fill('#step-note', 'Đồng ý với kết quả tự đánh giá.');
  await mg.page.click('#do-manager_review');
  await mg.page.waitForFunction(() => document.querySelector('#as-state')?.textContent === 'Quản lý trực tiếp đã nhận xét');
  mg.page.assertClean();
  await mg.context.close();
  const hd = await session(users.head.username);
  await hd.page.goto(`${BASE}/#/eval/people/${personId}/period?${periodQ}`);
  await hd.page.waitForSelector('#do-head_review');
  await hd.page.click('#do-head_review');
  await hd.page.waitForFunction(() => document.querySelector('#as-state')?.textContent === 'Người đứng đầu đã đánh giá');
  assert.equal(await hd.page.locator('#do-approve').count(), 0); // leaders do not approve
  hd.page.assertClean();
  await hd.context.close();

  // 7. The officer approves; every step is shown with its date, user and signature.
  await off.page.goto(`${BASE}/#/eval/people/${personId}/period?${periodQ}`);
  await off.page.waitForSelector('#do-approve');
  await off.page.click('#do-approve');
  await off.page.waitForFunction(() => document.querySelector('#as-state')?.textContent === 'Đã phê duyệt');
  const steps = await off.page.$$eval('#as-timeline li', (lis) => lis.map((li) => li.textContent));
  assert.equal(steps.length, 6);
  const who = [users.staff, users.manager, users.staff, users.manager, users.head, users.officer].map((u) => u.username);
  steps.forEach((t, i) => {
    assert.match(t, /\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    assert.ok(t.includes(who[i]), `step ${i + 1} by ${who[i]}: ${t}`);
    assert.match(t, /Chữ ký số: [0-9a-f]{16}…/);
  });
  assert.match(steps[0], /Tự đánh giá và gửi.*điểm 82,91/);
  assert.match(steps[1], /^Trả lại.*Đã tự đánh giá → Bị trả lại.*Ghi chú: Đề nghị tự chấm lại/);
  assert.match(steps[2], /^Tự đánh giá và gửi.*Bị trả lại → Đã tự đánh giá; điểm 82,91/);
  assert.match(steps[3], /Đồng ý với kết quả tự đánh giá/);
  assert.match(steps[5], /^Phê duyệt.*→ Đã phê duyệt/);
  assert.equal(await off.page.textContent('#as-score'), fmt(exp.total));
  assert.equal(await off.page.locator('#as-actions').count(), 0);
  assert.equal(await off.page.locator('form[id^="report-form-"], form[id^="review-form-"], button[data-verify]').count(), 0); // the period is closed
  // The stored score agrees with the page.
  const [[stored, state]] = sql(`SELECT score_x100, state FROM eval_assessment WHERE person_id = ${+personId} AND year = ${year} AND period_kind = 'quarter' AND number = ${quarter}`);
  assert.deepEqual([+stored, state], [exp.total, 'approved']);
  await shot(off.page, 'eval-approved');

  // 8. The unit's year board: compute, distribution against the cap, the council's decision.
  await off.page.goto(`${BASE}/#/eval/board?unit=${unitId}&year=${year}`);
  await off.page.waitForSelector('#board-compute');
  assert.match(await off.page.textContent('#board-empty'), /Chưa tính/);
  await off.page.click('#board-compute');
  await off.page.waitForSelector('#board-table tbody tr');
  const rows = await off.page.$$eval('#board-table tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
  assert.equal(rows.length, 1);
  assert.equal(rows[0][0], personName);
  assert.equal(rows[0][1], fmt(exp.total)); // one approved quarter: the annual score is that score (Art. 21)
  assert.match(rows[0][3], /HTT/);
  assert.match(await off.page.textContent('#board-dist'), new RegExp(unitName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  assert.equal(await off.page.textContent('#board-dist .cap-htt'), '1');
  assert.match(await off.page.textContent('#board-dist .cap-limit'), /^0 người \(20% số HTT/);
  await shot(off.page, 'eval-board-computed');
  await off.page.fill('#decide-minutes', 'Biên bản họp Hội đồng đánh giá ngày 10/12/2026: thống nhất kết quả.');
  await off.page.click('#decide-submit');
  await off.page.waitForSelector('#board-decisions');
  assert.match(await off.page.textContent('#board-decisions'), /Biên bản: Biên bản họp Hội đồng/);
  assert.equal(await off.page.locator('#board-compute').count(), 0); // decided: no recompute
  const finalRow = await off.page.$$eval('#board-table tbody tr', (trs) => [...trs[0].cells].map((c) => c.textContent.trim()));
  assert.match(finalRow[5], /HTT Hoàn thành tốt nhiệm vụ/);
  const board = await apiGet(off.page, `/eval/units/${unitId}/ratings?year=${year}`);
  assert.equal(board.body.decisions.length, 1);
  assert.equal(board.body.items[0].final_level, 'HTT');
  await shot(off.page, 'eval-board-decided');

  // 9. The score history: the chart with the 50/70/90 thresholds and the table behind it,
  // and the year ratings, historic ones included (recorded through the import API).
  const imp = await apiCall(off.page, 'POST', '/eval/ratings/import', { rows: [
    { person_id: +personId, year: 2019, regime: 'nd56_2015', level: 'htnv_han_che', decision_no: '12/QĐ-SNV', source: 'Hồ sơ giấy' },
    { person_id: +personId, year: 2024, regime: 'nd90_48_2023', level: 'HTT', decision_no: '45/QĐ-SNV' },
    { person_id: +personId, year: 2025, regime: 'nd90_48_2023', level: 'HTXS', decision_no: '88/QĐ-SNV' },
  ] });
  assert.equal(imp.status, 201, JSON.stringify(imp.body));
  await off.page.goto(`${BASE}/#/eval/people/${personId}`);
  await off.page.waitForSelector('svg.eval-chart circle.score-dot');
  const th = await off.page.$$eval('svg.eval-chart line.threshold', (ls) => ls.map((l) => l.getAttribute('data-threshold')));
  assert.deepEqual(th.sort(), ['50', '70', '90']);
  assert.match(await off.page.textContent('#period-table'), new RegExp(`Quý ${quarter}/${year}.*Đã phê duyệt.*${fmt(exp.total)}`));
  const years = await off.page.$$eval('#ratings-table tbody tr', (trs) => trs.map((tr) => [...tr.cells].slice(0, 2).map((c) => c.textContent)));
  assert.deepEqual(years, [['2019', 'Hoàn thành nhiệm vụ nhưng còn hạn chế về năng lực'], ['2024', 'Hoàn thành tốt nhiệm vụ'], ['2025', 'Hoàn thành xuất sắc nhiệm vụ']]);
  assert.equal(await off.page.locator('svg.eval-year-chart rect.bar').count(), 3);
  // Bars by level: HTXS (2025) taller than HTT (2024), taller than HTNV with limits (2019).
  const heights = await off.page.$$eval('svg.eval-year-chart rect.bar', (rs) => rs.map((r) => +r.getAttribute('height')));
  assert.ok(heights[2] > heights[1] && heights[1] > heights[0], String(heights));
  // The board's year result (GET /eval/people/{id}/year-ratings): decided HTT with its date.
  const boardYear = await off.page.$$eval('#board-year-table tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
  assert.equal(boardYear.length, 1);
  assert.equal(boardYear[0][0], String(year));
  assert.equal(boardYear[0][2], fmt(exp.total));
  assert.equal(boardYear[0][6], 'HTT');
  assert.match(boardYear[0][7], /^\d{2}\/\d{2}\/\d{4}$/);
  await off.page.waitForSelector('#peer-body'); // the peer comparison answered (no error alert)
  assert.equal(await off.page.locator('#peer-box [role=alert]').count(), 0);
  await shot(off.page, 'eval-history');

  // Every evaluation page at tablet width: no sideways scrolling of the page itself.
  await off.page.setViewportSize(VIEWPORTS.tablet);
  for (const [hash, sel] of [[`#/eval/tasks?unit=${unitId}&${periodQ}`, '#task-table'], [`#/eval/people/${personId}/period?${periodQ}`, '#as-timeline'],
    [`#/eval/verify?${periodQ}`, '#verify-table'], [`#/eval/board?unit=${unitId}&year=${year}`, '#board-table'], [`#/eval/people/${personId}`, '#period-table']]) {
    await off.page.goto(`${BASE}/${hash}`);
    await off.page.waitForSelector(sel);
    const over = await off.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(over <= 0, `${hash} at tablet: page scrolls sideways by ${over}px`);
  }
  await shot(off.page, 'eval-history-tablet');
  off.page.assertClean();
  await off.context.close();
});

test('evaluation board: ties at the boundary, the council decides each, a competent-level exception', async () => {
  // The board's replies are those of the API for a unit with two people tied at the boundary
  // (NĐ 335/2025 Art. 20(5): the council decides; the software does not); the decision sent is checked.
  const { context, page } = await session('canbo.e2e');
  const unit = +sql("SELECT unit_id FROM unit_version WHERE name = 'Sở Nội vụ' AND valid_to IS NULL LIMIT 1")[0][0];
  const year = 2027;
  const row = (id, name, score, proposed, status, level) => ({ person_id: id, name, rating_unit_id: unit, task_group_id: null, regime: 'nd335_2025',
    score_x100: score, score: (score / 100).toFixed(2), periods: 4, carried_over: 0, proposed_level: proposed, cap_status: status, cap_level: level,
    final_level: null, computed_at: '2027-12-01T02:00:00Z', decided_at: null, decision_id: null });
  const items = [
    row(901, 'Nguyễn Văn A', 9600, 'HTXS', 'kept', 'HTXS'),
    row(902, 'Trần Thị B', 9300, 'HTXS', 'tie', null),
    row(903, 'Lê Văn C', 9300, 'HTXS', 'tie', null),
    ...Array.from({ length: 9 }, (_, i) => row(910 + i, `Người thứ ${i + 1}`, 8000 - i * 100, 'HTT', 'unchanged', 'HTT')),
  ];
  let decided = null;
  await page.route(`**/api/v1/eval/units/${unit}/ratings?year=${year}`, (r) => r.fulfill({ json: decided
    ? { unit_id: unit, year, items: items.map((x) => ({ ...x, final_level: x.person_id === 902 ? 'HTXS' : x.cap_level || 'HTT' })), decisions: [{ id: 1, exception_no: decided.exception.decision_no, exception_date: decided.exception.date, limit_percent: 25, minutes: decided.minutes, decided_by: 1, decided_at: '2027-12-10T03:00:00Z' }] }
    : { unit_id: unit, year, items, decisions: [] } }));
  await page.route(`**/api/v1/eval/units/${unit}/ratings/decide`, async (r) => {
    decided = JSON.parse(r.request().postData());
    await r.fulfill({ json: { id: 1, unit_id: unit, year, limit_percent: 25, exception: decided.exception } });
  });
  await page.goto(`${BASE}/#/eval/board?unit=${unit}&year=${year}`);
  await page.waitForSelector('#decide-form');
  // The ranked boundary: kept first, then the two tied.
  const ranked = await page.$$eval('.eval-boundary tbody tr', (trs) => trs.map((tr) => [tr.className, tr.cells[1].textContent]));
  assert.deepEqual(ranked, [['cap-kept', 'Nguyễn Văn A'], ['cap-tie', 'Trần Thị B'], ['cap-tie', 'Lê Văn C']]);
  assert.match(await page.textContent('.eval-dist-table'), /3\s*9\s*0\s*0/);
  assert.equal(await page.locator('#decide-form fieldset.decision').count(), 2);
  await page.check('input[name="tie-902"][value="HTXS"]');
  await page.check('input[name="tie-903"][value="HTT"]');
  await page.fill('#decide-minutes', 'Hội đồng bỏ phiếu: 5/7 chọn Trần Thị B.');
  await page.check('#exc-on');
  await page.fill('#exc-no', '101/QĐ-UBND');
  // A limit above 25% is refused on the page.
  await page.fill('#exc-date', '05/12/2027');
  await page.fill('#exc-pct', '30');
  await page.click('#decide-submit');
  await page.waitForSelector('#board-msg .alert-error');
  assert.match(await page.textContent('#board-msg'), /không quá 25%/);
  assert.equal(decided, null);
  await page.fill('#exc-pct', '25');
  await shot(page, 'eval-board-ties');
  await page.click('#decide-submit');
  await page.waitForSelector('#board-decisions');
  assert.deepEqual(decided, { year, decisions: [{ person_id: 902, level: 'HTXS' }, { person_id: 903, level: 'HTT' }],
    minutes: 'Hội đồng bỏ phiếu: 5/7 chọn Trần Thị B.', exception: { decision_no: '101/QĐ-UBND', date: '2027-12-05', limit_percent: 25 } });
  assert.match(await page.textContent('#board-decisions'), /Ngoại lệ: quyết định số 101\/QĐ-UBND ngày 05\/12\/2027/);
  assert.match(await page.textContent('#board-decisions'), /giới hạn áp dụng 25%/);
  page.assertClean();
  await context.close();
});
