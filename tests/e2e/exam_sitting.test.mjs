// The online sitting in Chromium (issue 5; docs/exam-sitting.md): the admin
// sets up a subject, a bank, an exam, a sitting, three candidates, their
// forms and one-time codes through the API; three candidates sit in their
// own browser contexts: one reloads mid-exam and finds its answers, one
// submits (with confirmation), one loses the network, answers offline and
// is saved on reconnect; the board's live page shows all of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, ADMIN_PW, launch, trackedPage, shot, sql } from './helpers.mjs';

/** fetch with the page's staff session and its CSRF token. */
async function call(page, csrf, method, path, body) {
  return page.evaluate(async ([m, p, b, t]) => {
    const r = await fetch('/api/v1' + p, {
      method: m, credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-CSRF-Token': t },
      body: b === null ? undefined : JSON.stringify(b),
    });
    return { status: r.status, body: await r.json().catch(() => null) };
  }, [method, path, body === undefined ? null : body, csrf]);
}

async function must(page, csrf, want, method, path, body) {
  const r = await call(page, csrf, method, path, body);
  assert.equal(r.status, want, `${method} ${path}: ${JSON.stringify(r.body)}`);
  return r.body;
}

async function candidateEnters(browser, code, name, regNo) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'vi-VN' });
  const page = await trackedPage(context, name);
  page.expectHttpError('/api/v1/sitting/state', 401); // not signed in yet
  await page.goto(BASE + '/#/thi');
  await page.waitForSelector('#sit-code');
  await page.fill('#sit-code', code.toLowerCase());
  await page.press('#sit-code', 'Enter');
  await page.waitForSelector('#sit-start');
  // The candidate sees their registration number, the one the board printed.
  if (regNo) assert.equal((await page.textContent('#sit-regno')).trim(), regNo);
  await page.click('#sit-start');
  await page.waitForSelector('#sit-clock');
  return { context, page };
}

/** Positions of the choice questions of the page's form, in order. */
const choicePos = (page) => page.evaluate(() => [...document.querySelectorAll('.sit-item')]
  .filter((li) => li.querySelector('.sit-option')).map((li) => Number(li.id.replace('sit-item-', ''))));

const saved = (page) => page.waitForFunction(() => /^Đã lưu/.test(document.getElementById('sit-status')?.textContent || ''), null, { timeout: 15000 });

test('three candidates sit, one reloads, one submits, one goes offline; the board sees them', async () => {
  const browser = await launch();
  try {
    // ---- setup through the API, as admin ----
    const adminCtx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    const admin = await trackedPage(adminCtx, 'board');
    // Signed in by the API (the page's cookie), so that the test knows the CSRF token.
    await admin.goto(BASE + '/#/login');
    await admin.waitForSelector('#username');
    const lg = await admin.evaluate(async (pw) => {
      const r = await fetch('/api/v1/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: pw }) });
      localStorage.setItem('canbo.signedIn', '1');
      return r.json();
    }, ADMIN_PW);
    const csrf = lg.csrf_token;
    const tag = String(Date.now()).slice(-8);
    const subj = (await must(admin, csrf, 201, 'POST', '/exam/subjects', { code: `e2e-sit-${tag}`, name: 'Kiến thức chung (thi thử)' })).id;
    const topic = (await must(admin, csrf, 201, 'POST', `/exam/subjects/${subj}/topics`, { code: 'chung', name: 'Kiến thức chung' })).id;
    const adminId = (await call(admin, csrf, 'GET', '/users')).body.items.find((u) => u.username === 'admin').id;
    await must(admin, csrf, 201, 'POST', `/exam/subjects/${subj}/members`, { user_id: adminId, role: 'board' });
    const questions = [];
    for (let i = 1; i <= 4; i++)
      questions.push({ topic_code: 'chung', type: 'single', difficulty: 1, stem: `Câu hỏi trắc nghiệm số ${i}: chọn phương án đúng.`,
        options: [{ text: 'Phương án thứ nhất', correct: true }, { text: 'Phương án thứ hai', correct: false }, { text: 'Phương án thứ ba', correct: false }] });
    questions.push({ topic_code: 'chung', type: 'essay', difficulty: 3, stem: 'Trình bày ngắn gọn quy trình tiếp nhận hồ sơ.', answer: 'Hướng dẫn chấm' });
    await must(admin, csrf, 201, 'POST', `/exam/subjects/${subj}/bank`, { questions });
    const exam = (await must(admin, csrf, 201, 'POST', '/exams', {
      subject_id: subj, type: 'staff_test', title: 'Sát hạch thử nghiệm trực tuyến', reference_date: '2025-11-20', duration_min: 30,
      blueprint: [{ topic_id: topic, difficulty: 1, count: 3 }, { topic_id: topic, difficulty: 3, count: 1 }],
    })).id;
    const sitting = (await must(admin, csrf, 201, 'POST', `/exams/${exam}/sittings`, { starts_at: '2025-11-20T08:00', room: 'Phòng máy 3', capacity: 10 })).id;
    const names = ['Nguyễn Thị Thu', 'Trần Văn Bình', 'Lê Hoàng Yến'];
    const cids = [];
    for (let i = 0; i < 3; i++)
      cids.push((await must(admin, csrf, 201, 'POST', `/exams/${exam}/candidates`, {
        full_name: names[i], birth_date: '1996-04-0' + (i + 1), cccd: `079${tag}` + i, sitting_id: sitting,
      })).id);
    await must(admin, csrf, 201, 'POST', `/exams/${exam}/forms`, {});
    const issued = await must(admin, csrf, 201, 'POST', `/exams/${exam}/sittings/${sitting}/codes`, {});
    const code = (cid) => issued.codes.find((c) => c.candidate_id === cid).code;
    // Registration numbers are assigned when the codes are issued (one per candidate, SBD0001…).
    const regNo = (cid) => issued.codes.find((c) => c.candidate_id === cid).reg_no;
    for (const cid of cids) assert.match(regNo(cid) || '', /^SBD\d{4}$/);
    assert.equal(new Set(cids.map(regNo)).size, cids.length);

    // ---- candidate 1: answers, reloads, finds its answers ----
    const c1 = await candidateEnters(browser, code(cids[0]), 'candidate 1', regNo(cids[0]));
    const ch1 = await choicePos(c1.page);
    assert.equal(ch1.length, 3);
    await c1.page.click(`#sit-item-${ch1[0]} .sit-option >> nth=1`);
    await saved(c1.page);
    const essayPos = await c1.page.evaluate(() => {
      const t = document.querySelector('textarea.sit-text');
      return t ? Number(t.name.slice(1)) : 0;
    });
    assert.ok(essayPos > 0, 'the form has the essay');
    await c1.page.fill(`#q${essayPos}-text`, 'Tiếp nhận, kiểm tra, ghi sổ và hẹn trả kết quả.');
    await saved(c1.page);
    await c1.page.waitForFunction(() => document.getElementById('sit-count').textContent.startsWith('Đã trả lời 2/4'));
    await shot(c1.page, 'sitting-candidate-form');
    await c1.page.reload();
    await c1.page.waitForSelector('#sit-clock');
    assert.equal(await c1.page.isChecked(`#q${ch1[0]}-o1`), true, 'the choice survived the reload');
    assert.equal(await c1.page.inputValue(`#q${essayPos}-text`), 'Tiếp nhận, kiểm tra, ghi sổ và hẹn trả kết quả.');
    assert.match(await c1.page.textContent('#sit-clock'), /Còn lại (29|30):\d\d/);
    // Stored as the contract says: stored option ords, the essay as a JSON string.
    const rows = sql(`SELECT a.pos, a.response FROM exam_answer a JOIN exam_form f ON f.id = a.form_id WHERE f.candidate_id = ${cids[0]} ORDER BY a.pos`);
    assert.equal(rows.length, 2);
    const order = JSON.parse(sql(`SELECT option_order FROM exam_form_item i JOIN exam_form f ON f.id = i.form_id WHERE f.candidate_id = ${cids[0]} AND i.pos = ${ch1[0]}`)[0][0]);
    const byPos = Object.fromEntries(rows.map(([p, r]) => [p, r]));
    assert.equal(byPos[String(ch1[0])], `[${order[1]}]`);
    assert.equal(byPos[String(essayPos)], '"Tiếp nhận, kiểm tra, ghi sổ và hẹn trả kết quả."');

    // ---- candidate 2: answers and submits with confirmation ----
    const c2 = await candidateEnters(browser, code(cids[1]), 'candidate 2');
    const ch2 = await choicePos(c2.page);
    await c2.page.click(`#sit-item-${ch2[1]} .sit-option >> nth=0`);
    await saved(c2.page);
    await c2.page.click('#sit-submit');
    await c2.page.waitForSelector('#sit-submit-yes');
    assert.match(await c2.page.textContent('.sit-confirm'), /Còn 3 câu chưa trả lời/);
    await c2.page.click('#sit-submit-no');
    assert.equal(await c2.page.isHidden('.sit-confirm'), true);
    await c2.page.click('#sit-submit');
    await c2.page.click('#sit-submit-yes');
    await c2.page.waitForSelector('#sit-done');
    assert.match(await c2.page.textContent('#sit-done h1'), /Đã nộp bài/);
    // The code was for one sign-in: a second browser cannot use it.
    const again = await browser.newContext();
    const p2 = await again.newPage();
    await p2.goto(BASE + '/#/thi');
    await p2.waitForSelector('#sit-code');
    await p2.fill('#sit-code', code(cids[1]));
    await p2.press('#sit-code', 'Enter');
    await p2.waitForFunction(() => /đã được dùng/.test(document.getElementById('sit-code-error').textContent));
    await again.close();

    // ---- candidate 3: focus loss, then offline answers replayed on reconnect ----
    const c3 = await candidateEnters(browser, code(cids[2]), 'candidate 3');
    await c3.page.evaluate(() => window.dispatchEvent(new Event('blur')));
    const ch3 = await choicePos(c3.page);
    await c3.page.click(`#sit-item-${ch3[0]} .sit-option >> nth=2`);
    await saved(c3.page);
    await c3.context.setOffline(true);
    await c3.page.click(`#sit-item-${ch3[2]} .sit-option >> nth=0`);
    await c3.page.waitForFunction(() => /Mất kết nối/.test(document.getElementById('sit-status').textContent), null, { timeout: 10000 });
    const queued = await c3.page.evaluate(() => JSON.parse(localStorage.getItem('canbo.sitting.queue')));
    assert.ok(queued.items[String(ch3[2])], 'the offline answer is kept in localStorage');
    await c3.context.setOffline(false);
    await saved(c3.page);
    const after = await c3.page.evaluate(() => JSON.parse(localStorage.getItem('canbo.sitting.queue')));
    assert.deepEqual(after.items, {}, 'the queue is empty once the server acknowledged');

    // ---- the board's live page ----
    await admin.goto('about:blank'); // a fresh start of the UI with the API-made session
    await admin.goto(`${BASE}/#/thi-truc-tuyen/${exam}/${sitting}`);
    await admin.waitForSelector('#sit-live-table');
    const row = (cid) => admin.locator(`#sit-live-table tr[data-candidate="${cid}"]`);
    await admin.waitForFunction((id) => /Đang làm bài/.test(document.querySelector(`tr[data-candidate="${id}"]`)?.textContent || ''), cids[2]);
    assert.match(await row(cids[0]).textContent(), /Nguyễn Thị Thu.*Đang làm bài.*2\/4/);
    assert.match(await row(cids[1]).textContent(), /Trần Văn Bình.*Đã nộp bài.*1\/4/);
    assert.match(await row(cids[2]).textContent(), /Lê Hoàng Yến.*Đang làm bài.*2\/4/);
    assert.match(await admin.textContent('#sit-summary'), /3 thí sinh: 2 đang làm bài, 1 đã nộp/);
    for (const cid of cids) assert.equal((await row(cid).locator('td').first().textContent()).trim(), regNo(cid), 'the live table shows reg_no');
    // Incidents of candidate 3: sign-in, focus loss, reconnect.
    await row(cids[2]).locator('button', { hasText: 'sự cố' }).click();
    const incidents = await admin.locator('.sit-incidents').textContent();
    assert.match(incidents, /Rời cửa sổ bài thi/);
    assert.match(incidents, /Kết nối lại/);
    // Candidate 1 answers more: the board refreshes by itself.
    await c1.page.click(`#sit-item-${ch1[1]} .sit-option >> nth=0`);
    await saved(c1.page);
    await admin.waitForFunction((id) => /3\/4/.test(document.querySelector(`tr[data-candidate="${id}"]`)?.textContent || ''), cids[0], { timeout: 15000 });
    await shot(admin, 'sitting-board-live');

    c1.page.assertClean();
    c2.page.assertClean();
    admin.assertClean();
    for (const c of [c1, c2, c3]) await c.context.close();
    await adminCtx.close();
  } finally {
    await browser.close();
  }
});
