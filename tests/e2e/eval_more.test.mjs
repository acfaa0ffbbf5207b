// Evaluation pages added after the first cycle (see run.sh): the verifier
// pick list of the assign form, a staff member named as verifier working the
// queue, the deadlines page, the "Việc cần làm" box on the home page and the
// reminders page (overdue in red), the person page's link to the scores, and
// the menu at tablet width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, ADMIN_PW, USER_PW, VIEWPORTS, launch, sql, trackedPage, login, apiGet, shot } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function session(user, password = USER_PW, viewport = VIEWPORTS.laptop) {
  const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
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

test('evaluation: verifier pick list, a staff verifier, deadlines, reminders box and page', async () => {
  // A leaf unit with two non-leaders and no evaluation data yet.
  const [[unitId]] = sql(`SELECT u.unit_id FROM unit_version u JOIN person p ON p.unit_id = u.unit_id AND p.status = 'active'
    WHERE u.valid_to IS NULL AND NOT EXISTS (SELECT 1 FROM unit_version c WHERE c.parent_id = u.unit_id AND c.valid_to IS NULL)
    AND NOT EXISTS (SELECT 1 FROM eval_task t WHERE t.unit_id = u.unit_id)
    AND NOT EXISTS (SELECT 1 FROM eval_deadline d WHERE d.unit_id = u.unit_id)
    GROUP BY u.unit_id HAVING count(*) BETWEEN 2 AND 6 AND sum(p.title_id IS NULL) >= 2 ORDER BY u.unit_id DESC LIMIT 1`);
  const people = sql(`SELECT id, full_name FROM person WHERE unit_id = ${+unitId} AND status = 'active' AND title_id IS NULL ORDER BY id LIMIT 2`);
  const [[pA, nameA], [pB, nameB]] = people;
  const year = 2026, quarter = 3;
  const periodQ = `kind=quarter&year=${year}&number=${quarter}`;

  const admin = await session('admin', ADMIN_PW);
  const tag = Date.now().toString(36);
  const users = {
    officer: { username: `nv.canbo.${tag}`, role: 'officer', unit_id: +unitId, display_name: 'Cán bộ tổ chức (nhắc việc)' },
    staffA: { username: `nv.a.${tag}`, role: 'staff', person_id: +pA },
    staffB: { username: `nv.b.${tag}`, role: 'staff', person_id: +pB },
  };
  for (const u of Object.values(users)) {
    const r = await apiCall(admin.page, 'POST', '/users', { ...u, password: USER_PW });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    u.id = r.body.id;
  }
  await admin.context.close();

  // 1. The officer: a product type, then two tasks; the verifier comes from the pick list.
  const off = await session(users.officer.username);
  await off.page.goto(`${BASE}/#/eval/tasks?unit=${unitId}&${periodQ}`);
  await off.page.waitForSelector('#ptype-form');
  await off.page.fill('#pt-code', 'VB');
  await off.page.fill('#pt-name', 'Văn bản tham mưu');
  await off.page.click('#ptype-form button[type=submit]');
  await off.page.waitForSelector('#ptype-table td:text-is("VB")');
  const assign = async (pid, title, verifierId) => {
    await off.page.selectOption('#as-person', String(pid));
    await off.page.waitForSelector(`#as-verifier option[value="${verifierId}"]`, { state: 'attached' });
    await off.page.selectOption('#as-verifier', String(verifierId));
    await off.page.fill('#as-title', title);
    await off.page.fill('#as-qty', '3');
    await off.page.fill('#as-deadline', '30/09/2026');
    await off.page.click('#assign-form button[type=submit]');
    await off.page.waitForSelector(`#task-table td:text-is("${title}")`);
  };
  // For person A: staff B is offered (by name and account), A's own account is not.
  await off.page.selectOption('#as-person', String(pA));
  await off.page.waitForSelector(`#as-verifier option[value="${users.staffB.id}"]`, { state: 'attached' });
  const labels = await off.page.$$eval('#as-verifier option', (os) => os.map((o) => [o.value, o.textContent]));
  const optB = labels.find(([v]) => v === String(users.staffB.id));
  assert.ok(optB[1].includes(nameB) && optB[1].includes(users.staffB.username) && optB[1].includes('Công chức'), optB[1]);
  assert.ok(!labels.some(([v]) => v === String(users.staffA.id)), 'the assignee is not offered as their own verifier');
  assert.ok(labels.some(([v, t]) => v === String(users.officer.id) && t.includes('Cán bộ tổ chức')));
  // The list is what the API says for the unit, plus the empty choice.
  const vr = await apiGet(off.page, `/eval/verifiers?unit=${unitId}`);
  assert.equal(vr.status, 200);
  assert.equal(labels.length, 1 + vr.body.items.filter((v) => v.id !== users.staffA.id).length);
  await assign(pA, 'Tham mưu văn bản quý III', users.staffB.id);
  await off.page.selectOption('#as-person', String(pB));
  assert.equal(await off.page.locator(`#as-verifier option[value="${users.staffB.id}"]`).count(), 0); // B never verifies B
  await assign(pB, 'Tổng hợp báo cáo quý III', users.officer.id);
  await shot(off.page, 'eval-more-assign');

  // 2. Deadlines page: the manager step (review and verification) of the quarter, already past.
  await off.page.goto(`${BASE}/#/eval/deadlines?unit=${unitId}&${periodQ}`);
  await off.page.waitForSelector('#deadline-form');
  await off.page.selectOption('#dl-step', 'manager');
  await off.page.fill('#dl-due', '15/10/2026');
  await off.page.click('#deadline-form button[type=submit]');
  await off.page.waitForSelector('#deadline-msg .alert-success');
  assert.match(await off.page.textContent('#deadline-msg'), /Đã đặt hạn 15\/10\/2026/);
  const dl = await off.page.$$eval('#deadline-table tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
  assert.equal(dl.length, 1);
  assert.match(dl[0][1], /Quý 3\/2026/);
  assert.match(dl[0][2], /Quản lý trực tiếp/);
  assert.equal(dl[0][3], '15/10/2026');
  // Moving it says so.
  await off.page.fill('#dl-due', '20/10/2026');
  await off.page.click('#deadline-form button[type=submit]');
  await off.page.waitForFunction(() => /dời hạn từ 15\/10\/2026 sang 20\/10\/2026/.test(document.querySelector('#deadline-msg').textContent));
  assert.equal(await off.page.textContent('#deadline-table tbody tr td:nth-child(4)'), '20/10/2026');

  // 3. Each staff member reports with a document number.
  const tasks = (await apiGet(off.page, `/eval/tasks?unit=${unitId}&year=${year}&period_kind=quarter&number=${quarter}`)).body.items;
  const tA = tasks.find((t) => t.person_id === +pA), tB = tasks.find((t) => t.person_id === +pB);
  const stA = await session(users.staffA.username);
  let r = await apiCall(stA.page, 'POST', `/eval/tasks/${tA.id}/results`, { quantity: 2, evidence: [{ kind: 'document', ref: 'Số 77/TTr-NV' }] });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const stB = await session(users.staffB.username);
  r = await apiCall(stB.page, 'POST', `/eval/tasks/${tB.id}/results`, { quantity: 3, evidence: [{ kind: 'dossier', ref: 'HS-2026-0915' }] });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  await stA.context.close();

  // 4. The officer's home page: "Việc cần làm" with one verification, overdue in red, linked.
  await off.page.goto(`${BASE}/#/`);
  await off.page.waitForSelector('#todo-box li[data-kind="verification"]');
  assert.match(await off.page.textContent('#todo-box li[data-kind="verification"]'), /Xác minh kết quả: 1 — 1 quá hạn/);
  assert.equal(await off.page.getAttribute('#todo-box li[data-kind="verification"] a', 'href'), '#/eval/verify');
  const red = await off.page.$eval('#todo-overdue', (e) => getComputedStyle(e).color);
  assert.equal(red, 'rgb(179, 38, 30)'); // var(--red)
  await shot(off.page, 'eval-more-home');
  off.page.assertClean();

  // 5. Staff B, named verifier of A's task: the reminders page and the queue.
  await stB.page.goto(`${BASE}/#/eval/reminders`);
  await stB.page.waitForSelector('#reminders-table tbody tr');
  const rem = await stB.page.$$eval('#reminders-table tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
  assert.equal(rem.length, 1);
  assert.equal(rem[0][0], 'Xác minh kết quả');
  assert.match(rem[0][2], new RegExp(nameA));
  assert.equal(rem[0][5], '20/10/2026 (quá hạn)');
  assert.equal(await stB.page.locator('#reminders-table .eval-overdue').count(), 1);
  assert.equal(await stB.page.getAttribute('#reminders-table tbody a', 'href'), `#/eval/verify?${periodQ}`);
  await stB.page.click('#reminders-table tbody a');
  await stB.page.waitForSelector('#verify-table tbody tr[data-result]');
  const q = await stB.page.$$eval('#verify-table tbody tr[data-result]', (trs) => trs.map((tr) => tr.textContent));
  assert.equal(q.length, 1); // only the task naming B; B's own output is not there
  assert.ok(q[0].includes(nameA) && q[0].includes('Số 77/TTr-NV') && q[0].includes('Tham mưu văn bản quý III'), q[0]);
  await shot(stB.page, 'eval-more-staff-verifier');
  await stB.page.click('#verify-table button[data-verify]');
  await stB.page.waitForSelector('#verify-msg .alert-success');
  assert.equal(await stB.page.locator('#verify-table tbody tr[data-result]').count(), 0);
  const [[status, by]] = sql(`SELECT r.status, u.username FROM eval_result r JOIN app_user u ON u.id = r.verified_by WHERE r.task_id = ${tA.id}`);
  assert.deepEqual([status, by], ['verified', users.staffB.username]);
  stB.page.assertClean();
  await stB.context.close();

  // 6. The person page links to the scores and ratings.
  await off.page.goto(`${BASE}/#/people/${pA}`);
  await off.page.waitForSelector('#eval-link');
  assert.equal(await off.page.textContent('#eval-link'), 'Điểm, xếp loại');
  assert.equal(await off.page.getAttribute('#eval-link', 'href'), `#/eval/people/${pA}`);
  const printBox = await off.page.$eval('#print-link', (a) => a.parentElement === document.querySelector('#eval-link').parentElement);
  assert.ok(printBox, 'next to the print link');
  off.page.expectHttpError('/peers', 404); // the peer comparison is another branch's route
  await off.page.click('#eval-link');
  await off.page.waitForSelector('#board-year-table');
  assert.match(await off.page.textContent('#board-year-table tbody'), /Chưa có trên bảng xếp loại năm nào/);
  await off.page.waitForSelector('#peer-box [role=alert], #peer-body');
  off.page.assertClean();
  await off.context.close();
});

test('menu at tablet width: every entry visible, on more rows, no sideways scroll', async () => {
  const { context, page } = await session('canbo.e2e', USER_PW, VIEWPORTS.tablet);
  await page.waitForSelector('#mainnav a');
  const links = await page.$$eval('#mainnav a', (as) => as.map((a) => { const r = a.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, w: r.width }; }));
  assert.ok(links.length >= 6, String(links.length));
  const width = await page.evaluate(() => window.innerWidth);
  for (const l of links) assert.ok(l.left >= 0 && l.right <= width && l.w > 0, JSON.stringify(l));
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(over <= 0, `page scrolls sideways by ${over}px`);
  // Three more entries (as the exam features will add): still no sideways scroll, they wrap.
  const rowsBefore = new Set(links.map((l) => Math.round(l.top))).size;
  await page.evaluate(() => {
    const ul = document.querySelector('#mainnav ul');
    for (const t of ['Kỳ thi, xét tuyển', 'Ngân hàng câu hỏi', 'Kết quả thi tuyển']) {
      const li = document.createElement('li'); const a = document.createElement('a'); a.href = '#/'; a.textContent = t; li.append(a); ul.append(li);
    }
  });
  const more = await page.$$eval('#mainnav a', (as) => as.map((a) => { const r = a.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top }; }));
  for (const l of more) assert.ok(l.left >= 0 && l.right <= width, JSON.stringify(l));
  assert.ok(new Set(more.map((l) => Math.round(l.top))).size >= Math.max(2, rowsBefore), 'the menu wraps onto a second row');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth) <= 0);
  await shot(page, 'eval-more-nav-tablet', false);
  page.assertClean();
  await context.close();
});
