// Exam grading in the browser (issue 5; docs/exam-grading.md): set up through
// the API as admin (bank, round-2 exam, candidates, forms, a position with a
// quota of 1), answers inserted with the sqlite3 CLI per the contract of
// migration 6; graders mark the essays by anonymous code in the browser (a
// third grader where the first two differ by more than the gap); the results
// page ranks with priority points, shows the tie at the last place, records
// the head's decision, and downloads the Excel file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { BASE, DB, ADMIN_PW, USER_PW, VIEWPORTS, launch, trackedPage, login, apiGet, shot } from './helpers.mjs';

let browser, admin, csrf;
const GRADERS = ['lanhdao.e2e', 'khoa.thu', 'canbo.e2e'];
before(async () => {
  browser = await launch();
  admin = await browser.newContext();
  const r = await admin.request.post(BASE + '/api/v1/auth/login', { data: { username: 'admin', password: ADMIN_PW } });
  assert.equal(r.status(), 200);
  csrf = (await r.json()).csrf_token;
});
after(async () => { await browser?.close(); });

async function call(method, path, data, want) {
  const r = await admin.request.fetch(BASE + '/api/v1' + path, { method, data, headers: { 'X-CSRF-Token': csrf } });
  const body = (r.headers()['content-type'] || '').includes('json') ? await r.json() : null;
  if (want) assert.equal(r.status(), want, `${method} ${path}: ${JSON.stringify(body)}`);
  return body;
}

/** Writes to the test database with the sqlite3 CLI (the server reads the same file). */
function write(sqlText) {
  execFileSync('sqlite3', ['-cmd', '.timeout 10000', DB, sqlText], { encoding: 'utf8' });
}
const q = (s) => s.replace(/'/g, "''");

async function setup() {
  const tag = Date.now().toString(36);
  const me = await call('GET', '/auth/me');
  const subj = (await call('POST', '/exam/subjects', { code: 'e2e-' + tag, name: 'Nghiệp vụ tổ chức (e2e)' }, 201)).id;
  const law = (await call('POST', `/exam/subjects/${subj}/topics`, { code: 'luat', name: 'Pháp luật' }, 201)).id;
  const it = (await call('POST', `/exam/subjects/${subj}/topics`, { code: 'viet', name: 'Bài viết' }, 201)).id;
  await call('POST', `/exam/subjects/${subj}/members`, { user_id: me.user.id, role: 'author' }, 201);
  const single = (n) => ({ topic_code: 'luat', type: 'single', difficulty: 1, stem: `Câu hỏi ${n}?`, points: 300,
    options: [{ text: 'Đúng ý', correct: true }, { text: 'Sai ý', correct: false }, { text: 'Khác', correct: false }] });
  await call('POST', `/exam/subjects/${subj}/bank`, { questions: [single(1), single(2),
    { topic_code: 'viet', type: 'essay', difficulty: 3, stem: 'Nêu quy trình tuyển dụng công chức.', answer: 'Đủ 4 bước: 4 điểm.', points: 400 }] }, 201);
  const qs = await call('GET', `/exam/subjects/${subj}/questions`, undefined, 200);
  const types = Object.fromEntries(qs.items.map((x) => [x.version_id, x.type]));
  const exam = (await call('POST', '/exams', { subject_id: subj, type: 'recruit_r2', title: 'Thi tuyển công chức 2026 – vòng 2 (e2e)',
    reference_date: '2026-05-10', duration_min: 180,
    blueprint: [{ topic_id: law, difficulty: 1, count: 2 }, { topic_id: it, difficulty: 3, count: 1 }] }, 201)).id;
  const people = [
    { full_name: 'Phạm Văn An', birth_date: '1998-03-04', cccd: '011098000871' },
    { full_name: 'Hoàng Thị Bình', birth_date: '1997-01-02', cccd: '011097000872' },
    { full_name: 'Lò Văn Páo', birth_date: '1996-05-06', cccd: '011096000873', priority: ['dan_toc_thieu_so', 'hoan_thanh_nghia_vu_quan_su'] },
  ];
  const cands = [];
  for (const p of people) cands.push((await call('POST', `/exams/${exam}/candidates`, p, 201)).id);
  await call('POST', `/exams/${exam}/forms`, {}, 201);
  await call('POST', `/exams/${exam}/positions`, { code: 'VT01', name: 'Chuyên viên tổ chức cán bộ', quota: 1 }, 200);
  for (const c of cands) await call('PATCH', `/exams/${exam}/grading/candidates/${c}`, { position: 'VT01', round1: { correct: 42, total: 60 } }, 200);
  const users = await call('GET', '/users?per_page=500', undefined, 200);
  for (const g of GRADERS) {
    const u = users.items.find((x) => x.username === g);
    await call('POST', `/exams/${exam}/grading/graders`, { user_id: u.id }, 201);
  }
  // Answers: An and Bình answer both singles right; Páo misses one.
  const singles = [['[0]', '[0]'], ['[0]', '[0]'], ['[0]', '[1]']];
  for (let i = 0; i < cands.length; i++) {
    const f = await call('GET', `/exams/${exam}/candidates/${cands[i]}/form`, undefined, 200);
    let sql = `INSERT INTO exam_attempt(candidate_id, form_id, started_at, deadline_at) VALUES (${cands[i]}, ${f.form_id}, '2026-05-10T01:00:00.000Z', '2026-05-10T04:00:00.000Z');`;
    let s = 0;
    for (const item of f.items) {
      const t = types[item.version_id];
      const resp = t === 'essay' ? JSON.stringify(`Bài làm của thí sinh ${i + 1}: thông báo, nhận hồ sơ, thi, công nhận kết quả.`) : singles[i][s++];
      sql += `INSERT INTO exam_answer(form_id, pos, response, seq, saved_at) VALUES (${f.form_id}, ${item.pos}, '${q(resp)}', 1, '2026-05-10T02:00:00.000Z');`;
    }
    sql += `UPDATE exam_attempt SET submitted_at = '2026-05-10T03:55:00.000Z', submit_kind = 'candidate' WHERE candidate_id = ${cands[i]};`;
    write(sql);
  }
  return { exam, cands };
}

/** One grader marks every open task in the browser; want(code, slot) gives the points text. */
async function markAll(grader, exam, want) {
  const ctx = await browser.newContext({ viewport: VIEWPORTS.laptop });
  const page = await trackedPage(ctx, 'marking-' + grader);
  await login(page, grader, USER_PW);
  await page.goto(`${BASE}/#/exam/marking?exam=${exam}`);
  await page.waitForSelector('h1:has-text("Chấm bài tự luận")');
  const tasks = (await apiGet(page, `/exam/grading/tasks?exam=${exam}`)).body.items;
  let marked = 0;
  for (const t of tasks) {
    if (t.mark !== null || t.settled) continue;
    const v = want(t.code, t.slot);
    if (!v) continue;
    const sec = page.locator(`section[data-task="${t.task_id}"]`);
    // Anonymous: the code and the answer, never a name.
    assert.ok(!(await sec.innerText()).includes('Phạm Văn An'));
    await sec.locator('input').fill(v);
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/exam/grading/tasks?exam=') && r.request().method() === 'GET'),
      sec.getByRole('button', { name: 'Lưu điểm' }).click(),
    ]);
    marked++;
  }
  await shot(page, 'exam-grading-marking-' + grader);
  page.assertClean();
  await ctx.close();
  return marked;
}

test('two graders mark blind, a third when they differ; ranking with priority, a tie decided by the head; Excel', async () => {
  const { exam, cands } = await setup();
  const ctx = await browser.newContext({ viewport: VIEWPORTS.laptop, acceptDownloads: true });
  const page = await trackedPage(ctx, 'exam-results');
  await login(page, 'canbo.e2e', USER_PW);
  await page.goto(`${BASE}/#/exam/grading/${exam}`);
  await page.getByRole('button', { name: 'Chấm tự động' }).click();
  await page.waitForSelector('text=Đã chấm tự động 3 bài');
  const res = (await apiGet(page, `/exams/${exam}/results`)).body;
  const code = Object.fromEntries(res.candidates.map((c) => [c.candidate_id, c.anon_code]));
  const who = Object.fromEntries(res.candidates.map((c) => [c.anon_code, c.candidate_id]));
  // An: 1,00 and 3,00 (gap > 10% of 4 points) -> third grader 3,00 -> final 3,00;
  // Bình: 3,00 and 3,00; Páo: 3,50 and 3,50.
  const want = (c, slot) => {
    const id = who[c];
    if (id === cands[0]) return slot === 1 ? '1,00' : '3,00';
    return id === cands[1] ? '3,00' : '3,50';
  };
  let total = 0;
  for (const g of GRADERS) total += await markAll(g, exam, (c, slot) => (slot < 3 ? want(c, slot) : null));
  assert.equal(total, 6);
  const marks = (await call('GET', `/exams/${exam}/grading`, undefined, 200)).marks;
  const third = marks.find((m) => m.slot === 3);
  assert.ok(third, 'a third grader is assigned');
  assert.equal(third.code, code[cands[0]]);
  assert.equal(await markAll(third.grader, exam, (c, slot) => (slot === 3 ? '3,00' : null)), 1);

  await page.reload();
  await page.waitForSelector('#results-table');
  const row = (i) => page.locator(`#results-table tr[data-candidate="${cands[i]}"]`);
  // An and Bình: 6 + 3 of 10 points -> 90,00, a full tie for the one place;
  // Páo: 3 + 3,5 -> 65,00 + 5 (the highest priority only, not 5 + 2,5) = 70,00.
  assert.equal((await row(2).locator('td.prio').innerText()).trim(), '5,00');
  assert.equal((await row(2).locator('td.total').innerText()).trim(), '70,00');
  assert.equal(await row(2).getAttribute('data-result'), 'khong_trung_tuyen');
  assert.equal(await row(0).getAttribute('data-result'), 'cho_quyet_dinh');
  assert.equal(await row(1).getAttribute('data-result'), 'cho_quyet_dinh');
  assert.match(await row(0).innerText(), /90,00/);
  await page.waitForSelector('#tie-VT01');
  await shot(page, 'exam-grading-tie');
  await page.locator(`#tie-VT01 input[type=checkbox][value="${cands[1]}"]`).check();
  await page.fill('#tie-no-VT01', '25/QĐ-SNV');
  await page.fill('#tie-date-VT01', '01/06/2026');
  await page.getByRole('button', { name: 'Ghi quyết định' }).click();
  await page.waitForSelector('text=Đã ghi quyết định của người đứng đầu');
  assert.equal(await row(1).getAttribute('data-result'), 'trung_tuyen');
  assert.equal(await row(0).getAttribute('data-result'), 'khong_trung_tuyen');
  await row(1).locator('summary').click();
  assert.match(await row(1).innerText(), /25\/QĐ-SNV/);
  const audit = await call('GET', '/audit?entity=exam&per_page=500', undefined, 200);
  assert.ok(audit.items.some((a) => a.action === 'exam_tie.decide'));

  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải Excel' }).click()]);
  assert.match(dl.suggestedFilename(), /\.xlsx$/);
  const bytes = readFileSync(await dl.path());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK');
  await page.getByRole('button', { name: 'Công bố kết quả' }).click();
  await page.waitForSelector('text=Đã công bố kết quả theo số báo danh');
  const pub = await (await browser.newContext()).request.get(`${BASE}/api/v1/exams/${exam}/results/public`);
  assert.equal(pub.status(), 200);
  const pubText = await pub.text();
  assert.ok(!pubText.includes('Hoàng Thị Bình'));
  // The public page, without signing in.
  const pctx = await browser.newContext({ viewport: VIEWPORTS.laptop });
  const ppage = await trackedPage(pctx, 'exam-public');
  await ppage.goto(`${BASE}/#/exam/public/${exam}`);
  await ppage.waitForSelector('#public-results');
  const ptext = await ppage.locator('#public-results').innerText();
  assert.match(ptext, /SBD0002/);
  assert.match(ptext, /trúng tuyển/);
  assert.ok(!ptext.includes('Bình'));
  await shot(ppage, 'exam-grading-public');
  ppage.assertClean();
  await pctx.close();
  await shot(page, 'exam-grading-results');
  page.assertClean();
  await ctx.close();

  // Item statistics: for the bank's members (admin is the bank's author here).
  const actx = await browser.newContext({ viewport: VIEWPORTS.laptop });
  const apage = await trackedPage(actx, 'exam-item-stats');
  await login(apage, 'admin', ADMIN_PW);
  await apage.goto(`${BASE}/#/exam/grading/${exam}/stats`);
  await apage.waitForSelector('#item-stats');
  const text = await apage.locator('#item-stats').innerText();
  assert.match(text, /Tự luận/);
  assert.match(text, /Một lựa chọn/);
  // Páo chose option B of one single question; option C was never chosen.
  assert.match(text, /A: 3 · B: 0 · C: 0|A: 2 · B: 1 · C: 0/);
  await shot(apage, 'exam-grading-item-stats');
  apage.assertClean();
  await actx.close();
});
