// End-to-end scenarios of the web UI in headless Chromium (see run.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, ADMIN_PW, USER_PW, VIEWPORTS, launch, sql, foldVi, trackedPage, login, apiGet, shot } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function session(user, password = USER_PW, viewport = VIEWPORTS.laptop) {
  const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await trackedPage(context, user);
  await login(page, user, password);
  return { context, page };
}

test('login: Vietnamese error for a wrong password, throttling message, then the home page', async () => {
  const context = await browser.newContext({ viewport: VIEWPORTS.laptop });
  const page = await trackedPage(context, 'login');
  await page.goto(BASE + '/');
  await page.waitForSelector('#username');
  await shot(page, 'login');
  page.expectHttpError('/api/v1/auth/login', 401);
  await page.fill('#username', 'canbo.e2e');
  await page.fill('#password', 'sai-mat-khau');
  await page.press('#password', 'Enter');
  await page.waitForSelector('#login-error:not([hidden])');
  assert.equal(await page.textContent('#login-error'), 'Tên đăng nhập hoặc mật khẩu không đúng.');
  // Five failures for one user name, then even the right password is refused.
  page.expectHttpError('/api/v1/auth/login', 401, 5);
  page.expectHttpError('/api/v1/auth/login', 429);
  for (let i = 0; i < 5; i++) {
    await page.fill('#username', 'khoa.thu');
    await page.fill('#password', 'sai-mat-khau-' + i);
    await page.click('button[type=submit]');
    await page.waitForSelector('button[type=submit]:not([disabled])');
  }
  await page.fill('#username', 'khoa.thu');
  await page.fill('#password', USER_PW);
  await page.click('button[type=submit]');
  await page.waitForFunction(() => /quá nhiều lần/.test(document.querySelector('#login-error')?.textContent || ''));
  assert.match(await page.textContent('#login-error'), /^Đăng nhập sai quá nhiều lần\. Vui lòng thử lại sau ít phút\./);
  await shot(page, 'login-throttled');
  // The officer signs in and lands on the home page.
  await page.fill('#username', 'canbo.e2e');
  await page.fill('#password', USER_PW);
  await page.click('button[type=submit]');
  await page.waitForSelector('.stats');
  assert.equal(await page.textContent('h1'), 'Tổng quan');
  page.assertClean();
  await context.close();
});

test('home: counts of the dashboard API, each linking to its list', async () => {
  const { context, page } = await session('canbo.e2e');
  await page.waitForSelector('#stat-people');
  const d = (await apiGet(page, '/stats/dashboard')).body;
  const num = (s) => +s.replace(/\./g, '').replace(/−/g, '-');
  assert.equal(num(await page.textContent('#stat-people .stat-value')), d.people.count);
  assert.equal(num(await page.textContent('#stat-vacancies .stat-value')), d.vacancies.count);
  assert.equal(num(await page.textContent('#stat-retirements .stat-value')), d.retirements.count);
  assert.equal(num(await page.textContent('#stat-salary .stat-value')), d.salary_steps.count);
  const [total] = sql("SELECT count(*) FROM person WHERE status = 'active'")[0];
  assert.equal(d.people.count, +total);
  await shot(page, 'home');
  await page.click('#stat-salary');
  await page.waitForSelector('#list-table tbody tr');
  assert.equal(await page.locator('#list-table tbody tr').count(), d.salary_steps.count || 1);
  await shot(page, 'list-salary-steps');
  await page.goBack();
  await page.click('#stat-people');
  await page.waitForSelector('#people-rows tr');
  assert.match(await page.textContent('#result-line'), new RegExp(`trên ${d.people.count.toLocaleString('vi-VN')} người`));
  page.assertClean();
  await context.close();
});

test('people: search a name without diacritics, open the profile, bad edit, fix, audit history', async () => {
  // A real, unique name with diacritics (preferably with đ) from the demo data.
  const [[id, name]] = sql("SELECT min(id), full_name FROM person WHERE status = 'active' GROUP BY full_name HAVING count(*) = 1"
    + " ORDER BY (full_name LIKE '%đ%' OR full_name LIKE '%Đ%') DESC, length(full_name) DESC LIMIT 1");
  const plain = foldVi(name);
  assert.notEqual(plain, name.toLowerCase(), 'the name should carry diacritics');
  const { context, page } = await session('canbo.e2e');
  await page.goto(BASE + '/#/people');
  await page.waitForSelector('#people-rows tr');
  await page.fill('#people-search', plain);
  const link = page.locator(`#people-rows a[href="#/people/${id}"]`);
  await link.waitFor({ timeout: 10000 });
  assert.equal(await link.textContent(), name);
  await shot(page, 'people-search');
  await link.click();
  await page.waitForSelector('#edit-person');
  assert.equal(await page.textContent('h1'), name);
  await shot(page, 'person-2c');

  // A recruitment date in the future: the API's message next to the field.
  await page.click('#edit-person');
  await page.waitForSelector('#e-recruitment_date');
  await page.fill('#e-recruitment_date', '01/01/2099');
  page.expectHttpError(`/api/v1/people/${id}`, 400);
  await page.click('#save-person');
  const err = page.locator('#err-recruitment_date');
  await err.waitFor({ state: 'visible' });
  assert.equal(await err.textContent(), '«Ngày tuyển dụng (11)» không được sau ngày hôm nay.');
  assert.equal(await page.getAttribute('#e-recruitment_date', 'aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'e-recruitment_date');
  await shot(page, 'person-edit-error', false);
  // Not a date at all: caught before sending, same place.
  await page.fill('#e-recruitment_date', '31/02/2010');
  await page.click('#save-person');
  await page.waitForFunction(() => /dd\/mm\/yyyy/.test(document.querySelector('#err-recruitment_date').textContent));
  // Fixed.
  const before = sql(`SELECT coalesce(recruitment_date, '') FROM person WHERE id = ${id}`)[0]?.[0] ?? '';
  await page.fill('#e-recruitment_date', '15/03/2010');
  await page.click('#save-person');
  await page.waitForSelector('#person-notice .alert-success');
  assert.equal(await page.textContent('dd[data-field="recruitment_date"]'), '15/03/2010');
  assert.equal(sql(`SELECT recruitment_date FROM person WHERE id = ${id}`)[0][0], '2010-03-15');

  // The change in the audit history tab.
  await page.click('#tab-audit');
  await page.waitForSelector('#audit-table tbody tr');
  const first = page.locator('#audit-table tbody tr').first();
  assert.match(await first.textContent(), /Sửa hồ sơ/);
  assert.match(await first.textContent(), /Ngày tuyển dụng \(11\)/);
  assert.match(await first.textContent(), /15\/03\/2010/);
  if (before) assert.match(await first.textContent(), new RegExp(before.split('-').reverse().join('/')));
  assert.match(await first.textContent(), /canbo\.e2e/);
  await shot(page, 'person-audit');

  // The other tabs render; the family tab asks for include=family.
  for (const tab of ['postings', 'salary_history', 'training', 'work_history', 'family', 'awards', 'discipline']) {
    await page.click('#tab-' + tab);
    await page.waitForSelector(`#history-${tab}`);
  }
  await shot(page, 'person-discipline');
  await page.click('#tab-family');
  await page.waitForSelector('#history-family');
  await shot(page, 'person-family');
  // Print-styled page.
  await page.click('#tab-2c');
  await page.click('#print-link');
  await page.waitForSelector('#cv-sheet');
  assert.match(await page.textContent('#cv-sheet'), /SƠ YẾU LÝ LỊCH CÁN BỘ, CÔNG CHỨC/);
  await shot(page, 'person-print');
  await page.emulateMedia({ media: 'print' });
  await shot(page, 'person-print-media');
  await page.emulateMedia({ media: 'screen' });
  page.assertClean();
  await context.close();
});

test('self-service: staff proposes two changes, the officer accepts one and rejects the other', async () => {
  const pid = process.env.CANBO_E2E_STAFF_PERSON;
  const [[oldPhone, oldAddr]] = sql(`SELECT coalesce(phone, ''), coalesce(current_address, '') FROM person WHERE id = ${pid}`);
  const newPhone = '0912345678';
  const newAddr = 'Số 12 đường Lê Lợi, phường Hải Châu, thành phố Đà Nẵng';
  const staff = await session('nhanvien.e2e');
  await staff.page.waitForSelector('#proposal-form');
  assert.equal(await staff.page.textContent('h1'), 'Hồ sơ của tôi');
  await staff.page.fill('#p-phone', newPhone);
  await staff.page.fill('#p-current_address', newAddr);
  await staff.page.fill('#proposal-note', 'Đã chuyển nhà và đổi số điện thoại.');
  await staff.page.click('#send-proposal');
  await staff.page.waitForSelector('#me-notice .alert-success');
  await staff.page.waitForSelector('#my-proposals-table');
  await shot(staff.page, 'me-proposal-sent');

  const officer = await session('canbo.e2e');
  await officer.page.goto(BASE + '/#/proposals');
  const form = officer.page.locator('form.proposal', { hasText: 'Đã chuyển nhà' }).first();
  await form.waitFor();
  await shot(officer.page, 'proposals');
  await form.locator('tr[data-field="phone"] input[value="accept"]').check();
  await form.locator('tr[data-field="current_address"] input[value="reject"]').check();
  await form.locator('button[type=submit]').click();
  await officer.page.waitForSelector('#proposal-list .alert-success');
  assert.match(await officer.page.textContent('#proposal-list .alert-success'), /chấp nhận 1, từ chối 1 trường/);
  const [[phone, addr]] = sql(`SELECT coalesce(phone, ''), coalesce(current_address, '') FROM person WHERE id = ${pid}`);
  assert.equal(phone, newPhone);
  assert.equal(addr, oldAddr);
  assert.notEqual(oldPhone, newPhone);

  await staff.page.reload();
  await staff.page.waitForSelector('#my-proposals-table');
  const t = await staff.page.textContent('#my-proposals-table');
  assert.match(t, /Đã chấp nhận/);
  assert.match(t, /Bị từ chối/);
  await shot(staff.page, 'me-decided');
  staff.page.assertClean();
  officer.page.assertClean();
  await staff.context.close();
  await officer.context.close();
});

test('organisation tree: expand/collapse by mouse and keyboard, search without diacritics, as-of date', async () => {
  const { context, page } = await session('canbo.e2e');
  await page.goto(BASE + '/#/units');
  await page.waitForSelector('#unit-tree');
  const [[snvId]] = sql("SELECT unit_id FROM unit_version WHERE name = 'Sở Nội vụ' AND valid_to IS NULL LIMIT 1");
  const [[childName]] = sql(`SELECT name FROM unit_version WHERE parent_id = ${snvId} AND valid_to IS NULL ORDER BY name LIMIT 1`);
  const snvLi = page.locator(`a.unit-link[data-id="${snvId}"]`).locator('xpath=ancestor::li[1]');
  assert.equal(await snvLi.getAttribute('aria-expanded'), 'false');
  const child = snvLi.locator('ul[role=group] a.unit-link', { hasText: childName }).first();
  assert.equal(await child.isVisible(), false);
  await snvLi.locator('> .tree-row .tree-toggle').click();
  assert.equal(await snvLi.getAttribute('aria-expanded'), 'true');
  assert.equal(await child.isVisible(), true);
  // Keyboard: Left collapses, Right expands, Down moves to the first child.
  await page.focus(`a.unit-link[data-id="${snvId}"]`);
  await page.keyboard.press('ArrowLeft');
  assert.equal(await snvLi.getAttribute('aria-expanded'), 'false');
  await page.keyboard.press('ArrowRight');
  assert.equal(await snvLi.getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.closest('li').parentElement.closest('li').querySelector('a').dataset.id), snvId);
  // Headcount and quota per unit.
  const [[hc, quota]] = sql(`SELECT (SELECT count(*) FROM posting WHERE unit_id = ${snvId} AND concurrent = 0 AND valid_to IS NULL), quota FROM unit_version WHERE unit_id = ${snvId} AND valid_to IS NULL`);
  assert.match(await snvLi.locator('> .tree-row .unit-count').textContent(), new RegExp(`^${hc} / ${quota}$`));
  await shot(page, 'units');
  // Search: "so noi vu" finds "Sở Nội vụ".
  await page.fill('#tree-search', 'so noi vu');
  await page.waitForFunction(() => document.querySelectorAll('a.unit-link.match').length > 0);
  const matches = await page.locator('a.unit-link.match').allTextContents();
  assert.ok(matches.includes('Sở Nội vụ'), matches.join(', '));
  for (const m of matches) assert.match(foldVi(m), /so noi vu/);
  await shot(page, 'units-search');
  await page.fill('#tree-search', '');
  await page.press('#tree-search', 'Escape');
  // As of a date before the 2025 reform: no unit yet; back to today.
  await page.fill('#as-of', '31/02/2025');
  await page.click('#asof-form button[type=submit]');
  await page.waitForSelector('#asof-error:not([hidden])');
  await page.fill('#as-of', '30/06/2025');
  await page.click('#asof-form button[type=submit]');
  await page.waitForFunction(() => /ngày 30\/06\/2025: 0 đơn vị/.test(document.querySelector('#tree-info').textContent));
  assert.match(page.url(), /as_of=2025-06-30/);
  await page.fill('#as-of', '01/07/2025');
  await page.click('#asof-form button[type=submit]');
  await page.waitForFunction(() => /ngày 01\/07\/2025: [1-9]/.test(document.querySelector('#tree-info').textContent));
  await shot(page, 'units-as-of');
  page.assertClean();
  await context.close();
});

test('people list: filters, sorting, paging and the same query for export', async () => {
  const { context, page } = await session('canbo.e2e');
  await page.goto(BASE + '/#/people?sex=2&age=40-49');
  await page.waitForSelector('#people-rows tr');
  const [[n]] = sql(`SELECT count(*) FROM person WHERE status = 'active' AND sex = 2 AND birth_date > date('now', '+7 hours', '-50 years') AND birth_date <= date('now', '+7 hours', '-40 years')`);
  assert.match(await page.textContent('#result-line'), new RegExp(`trên ${(+n).toLocaleString('vi-VN')} người`));
  assert.equal(await page.inputValue('#f-sex'), '2');
  // Party members only, through the form.
  await page.selectOption('#f-party', '1');
  await page.waitForFunction(() => /party=1/.test(location.hash));
  await page.waitForSelector('#people-rows tr');
  const [[np]] = sql(`SELECT count(*) FROM person WHERE status = 'active' AND sex = 2 AND party_join_date IS NOT NULL AND birth_date > date('now', '+7 hours', '-50 years') AND birth_date <= date('now', '+7 hours', '-40 years')`);
  await page.waitForFunction((t) => document.querySelector('#result-line').textContent.includes(t), `trên ${(+np).toLocaleString('vi-VN')} người`);
  // Sort by birth date (descending on the second click), by keyboard.
  await page.focus('button.sort-btn[data-key="birth_date"]');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('th:has(button[data-key="birth_date"])', 'aria-sort'), 'descending');
  const dates = (await page.locator('#people-rows tr td:nth-child(3)').allTextContents()).map((d) => d.split('/').reverse().join('-'));
  assert.deepEqual(dates, [...dates].sort().reverse());
  await shot(page, 'people-filtered');
  // Paging.
  await page.goto(BASE + '/#/people');
  await page.waitForSelector('#people-rows tr');
  const firstPage = await page.locator('#people-rows a').first().textContent();
  await page.click('#next-page');
  await page.waitForFunction(() => /page=2/.test(location.hash));
  await page.waitForFunction((f) => document.querySelector('#people-rows a')?.textContent !== f, firstPage);
  assert.match(await page.textContent('#result-line'), /^Hiển thị 51–100/);
  page.assertClean();
  await context.close();
});

test('every page at laptop and tablet size, as each role: no console errors', async () => {
  const pid = process.env.CANBO_E2E_STAFF_PERSON;
  const [[someone]] = sql("SELECT id FROM person WHERE status = 'active' ORDER BY id LIMIT 1 OFFSET 20");
  // Someone in the leader's subtree (Sở Nội vụ).
  const [[inSnv]] = sql("SELECT p.id FROM person p JOIN unit_closure c ON c.descendant = p.unit_id JOIN unit_version v"
    + " ON v.unit_id = c.ancestor AND v.valid_to IS NULL AND v.name = 'Sở Nội vụ' ORDER BY p.id LIMIT 1");
  const plan = [
    ['canbo.e2e', ['#/', '#/units', '#/people', `#/people/${someone}`, `#/people/${someone}?tab=postings`, `#/people/${someone}?tab=salary_history`,
      `#/people/${someone}?tab=audit`, `#/people/${someone}/print`, '#/vacancies', '#/people?list=retirements', '#/people?list=terms_ending',
      '#/proposals', '#/import']],
    ['lanhdao.e2e', ['#/', '#/units', '#/people', `#/people/${inSnv}`]],
    ['nhanvien.e2e', ['#/me', `#/people/${pid}`, `#/people/${pid}/print`]],
    ['admin', ['#/', '#/people']],
  ];
  for (const [vpName, vp] of Object.entries(VIEWPORTS)) {
    for (const [user, hashes] of plan) {
      const { context, page } = await session(user, user === 'admin' ? ADMIN_PW : undefined, vp);
      for (const hash of hashes) {
        await page.goto(BASE + '/' + hash);
        await page.waitForSelector('main h1', { timeout: 15000 });
        await page.waitForLoadState('networkidle');
        // Nothing wider than the screen except inside scrolling table boxes.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 1, `${user} ${hash} at ${vpName}: page scrolls sideways by ${overflow}px`);
        const name = `${vpName}-${user.replace(/\W/g, '_')}-${hash.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'home'}`;
        await shot(page, name);
      }
      // A leader cannot edit; staff are sent to their own page.
      if (user === 'lanhdao.e2e') {
        await page.goto(BASE + `/#/people/${inSnv}`);
        await page.waitForSelector('.tabpanel');
        assert.equal(await page.locator('#edit-person').count(), 0);
      }
      if (user === 'nhanvien.e2e') {
        await page.goto(BASE + '/#/people');
        await page.waitForFunction(() => location.hash === '#/me');
      }
      page.assertClean();
      await context.close();
    }
  }
});

test('logout returns to the login page; an expired session goes back to login', async () => {
  const { context, page } = await session('canbo.e2e');
  await page.click('#logout');
  await page.waitForSelector('#username');
  // A session deleted on the server: the next request answers 401 and the UI shows the login page.
  await login(page, 'canbo.e2e', USER_PW);
  await page.goto(BASE + '/#/units');
  await page.waitForSelector('#unit-tree');
  await page.waitForLoadState('networkidle');
  // Every API call after the cookies are gone is refused on purpose; how many the tree and the
  // list fire before the login page shows depends on timing (one CI run saw more than 10).
  page.expectHttpError('/api/v1/', 401, 40);
  await context.clearCookies();
  await page.goto(BASE + '/#/people');
  await page.waitForSelector('#username');
  assert.match(await page.textContent('main'), /Phiên làm việc đã hết hạn/);
  assert.match(page.url(), /next=/);
  page.assertClean();
  await context.close();
});

test('staff: "Việc cần làm" on the own page, the profile tab of competency test results', async () => {
  const pid = process.env.CANBO_E2E_STAFF_PERSON;
  const staff = await session('nhanvien.e2e');
  await staff.page.waitForSelector('#proposal-form');
  const box = staff.page.locator('#todo-box');
  await box.waitFor();
  assert.equal(await box.locator('h2').textContent(), 'Việc cần làm');
  // The box says what the reminders API says for this user.
  const { status: rs, body: rem } = await apiGet(staff.page, '/eval/reminders');
  assert.equal(rs, 200);
  const total = rem.counts.self_assessment + rem.counts.review + rem.counts.verification;
  if (total) assert.equal(await box.locator('li').count() > 0, true);
  else assert.match(await box.textContent(), /Không có việc đánh giá nào đang chờ bạn/);
  await staff.page.goto(`${BASE}/#/people/${pid}?tab=tests`);
  const table = staff.page.locator('#tests-table');
  await table.waitFor();
  assert.match(await table.locator('caption').textContent(), /Kết quả kiểm tra, sát hạch/);
  const { status: ts, body: results } = await apiGet(staff.page, `/exam/people/${pid}/results`);
  assert.equal(ts, 200);
  assert.equal(await table.locator('tbody tr').count(), Math.max(1, results.items.length));
  await shot(staff.page, 'person-tests-tab');
  await staff.context.close();
});

test('navigation: exactly one current menu entry, the most specific one', async () => {
  const { context, page } = await session('canbo.e2e');
  for (const [hash, label] of [['#/exam/marking', 'Chấm thi'], ['#/exam', 'Thi, sát hạch'], ['#/people', 'Cán bộ, công chức'], ['#/', 'Tổng quan']]) {
    await page.goto(BASE + '/' + hash);
    await page.waitForFunction((l) => [...document.querySelectorAll('#mainnav a[aria-current=page]')].map((a) => a.textContent).join('|') === l, label);
    assert.equal(await page.locator('#mainnav a[aria-current=page]').count(), 1, hash);
  }
  await page.waitForLoadState('networkidle');
  page.assertClean();
  await context.close();
});
