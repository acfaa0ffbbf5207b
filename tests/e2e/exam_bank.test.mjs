// Thi, sát hạch in the browser (docs/exams.md, docs/bank-format.md): a
// subject with topics and members, an .xlsx bank imported (a bad file shows
// its report table and writes nothing, a good one is previewed then
// imported), the question list filtered by tags without diacritics, an exam
// whose blueprint asks more than the bank holds (the error on its row), then
// a valid blueprint, a sitting, a staff candidate found by search and an
// external applicant with a priority category, forms generated and one
// form's reproducibility check.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BASE, ADMIN_PW, VIEWPORTS, launch, sql, trackedPage, login, shot } from './helpers.mjs';

let browser, context, page;
const code = 'e2e-' + Date.now().toString(36);
before(async () => {
  browser = await launch();
  context = await browser.newContext({ viewport: VIEWPORTS.laptop });
  page = await trackedPage(context, 'exam_bank');
  await login(page, 'admin', ADMIN_PW);
});
after(async () => { await browser?.close(); });

const data = (name) => readFileSync(new URL(`../data/${name}`, import.meta.url));
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

test('bank: subject, topics, members, .xlsx import with report then preview and import', async () => {
  await page.goto(`${BASE}/#/exam`);
  await page.waitForSelector('#subject-form');
  await page.fill('#subject-code', code);
  await page.fill('#subject-name', 'Kiến thức chung (e2e)');
  await page.click('#subject-form button[type=submit]');
  await page.waitForSelector('#topic-form');
  for (const [c, n] of [['luat', 'Pháp luật'], ['tinhoc', 'Tin học']]) {
    await page.fill('#topic-code', c);
    await page.fill('#topic-name', n);
    await Promise.all([page.waitForEvent('load'), page.click('#topic-form button[type=submit]')]);
    await page.waitForSelector('#topic-form');
  }
  assert.equal(await page.locator('#topic-table tbody tr').count(), 2);
  // The admin makes themself author and board (a manager reads no question otherwise).
  for (const role of ['author', 'board']) {
    await page.waitForSelector('select#member-user');
    await page.selectOption('select#member-user', { label: 'admin (admin)' });
    await page.selectOption('#member-role', role);
    await Promise.all([page.waitForEvent('load'), page.click('#member-form button[type=submit]')]);
    await page.waitForSelector('#member-table');
  }
  await page.waitForSelector('#bank-io #bank-file');
  assert.match(await page.textContent('#my-roles'), /Người ra đề/);

  // A bad file: the report, row by row, and nothing written.
  await page.setInputFiles('#bank-file', { name: 'bank-bad.xlsx', mimeType: XLSX, buffer: data('bank-bad.xlsx') });
  page.expectHttpError('/bank.xlsx', 400);
  await page.click('#bank-import');
  await page.waitForSelector('#bank-errors tbody tr');
  const rows = await page.locator('#bank-errors tbody tr').allTextContents();
  assert.equal(rows.length, 4, rows.join('\n'));
  assert.match(rows[0], /^3B – Loại câu hỏi/);
  assert.ok(rows.some((r) => /^5C – Độ khó/.test(r)) && rows.some((r) => /^6J – Phương án B/.test(r)), rows.join('\n'));
  assert.match(await page.textContent('#bank-error'), /4 lỗi; không câu hỏi nào được ghi/);
  await shot(page, 'exam-bank-report');
  await page.reload();
  await page.waitForSelector('#question-table');
  assert.equal(await page.locator('#question-table tbody tr').count(), 0);

  // The good file: a dry run with its preview, then the import.
  await page.setInputFiles('#bank-file', { name: 'bank-good.xlsx', mimeType: XLSX, buffer: data('bank-good.xlsx') });
  await page.click('#bank-check');
  await page.waitForSelector('#bank-preview tbody tr');
  assert.equal(await page.locator('#bank-preview tbody tr').count(), 12);
  assert.match(await page.textContent('#bank-ok'), /12 câu hỏi\. Chưa ghi gì/);
  await page.click('#bank-import');
  await page.waitForFunction(() => /Đã nhập 12 câu hỏi/.test(document.querySelector('#bank-ok')?.textContent || ''));
  await page.waitForFunction(() => document.querySelectorAll('#question-table tbody tr').length === 12, null, { timeout: 15000 });
  // Tags searched without diacritics ("kỷ luật").
  await page.fill('#q-search', 'ky luat');
  await page.waitForFunction(() => document.querySelectorAll('#question-table tbody tr').length === 1);
  await page.fill('#q-search', '');
  await page.selectOption('#q-type', 'true_false');
  assert.equal(await page.locator('#question-table tbody tr').count(), 3);
  await shot(page, 'exam-bank-questions');
  page.assertClean();
});

test('exam: blueprint (pool check shown), sitting, candidates, forms, reproducibility', async () => {
  await page.goto(`${BASE}/#/exam/exams/new`);
  await page.waitForSelector('#exam-form');
  const subjectId = sql(`SELECT id FROM exam_subject WHERE code = '${code}'`)[0][0];
  await page.selectOption('#exam-subject', subjectId);
  await page.waitForFunction(() => document.querySelectorAll('.bp-topic option').length === 2);
  await page.fill('#exam-title', 'Sát hạch kiến thức chung (e2e)');
  await page.fill('#exam-date', '20/11/2025');
  await page.fill('#exam-duration', '45');
  await page.selectOption('.bp-topic >> nth=0', { label: 'luat – Pháp luật' });
  await page.selectOption('.bp-diff >> nth=0', '1');
  await page.fill('.bp-count >> nth=0', '3');
  await page.click('#bp-add');
  await page.selectOption('.bp-topic >> nth=1', { label: 'tinhoc – Tin học' });
  await page.selectOption('.bp-diff >> nth=1', '1');
  await page.fill('.bp-count >> nth=1', '9'); // the bank has 3 true/false at difficulty 1
  page.expectHttpError('/api/v1/exams', 400);
  await page.click('#exam-save');
  await page.waitForFunction(() => (document.querySelectorAll('.bp-error')[1]?.textContent || '').length > 0);
  assert.match(await page.locator('.bp-error').nth(1).textContent(), /Dòng 2 .*9 câu.*3 câu/);
  assert.equal(await page.locator('.bp-error').nth(0).textContent(), '');
  await page.fill('.bp-count >> nth=1', '2');
  await page.click('#exam-save');
  await page.waitForSelector('#sitting-form');
  assert.equal(await page.locator('#bp-view tbody tr').count(), 2);

  await page.fill('#sitting-date', '20/11/2025');
  await page.fill('#sitting-time', '08:00');
  await page.fill('#sitting-room', 'Phòng 201');
  await page.fill('#sitting-capacity', '30');
  await Promise.all([page.waitForEvent('load'), page.click('#sitting-form button[type=submit]')]);
  await page.waitForSelector('#sitting-table tbody tr');

  // A staff member from the records, found by name.
  const [[pid, name]] = sql("SELECT id, full_name FROM person WHERE status = 'active' ORDER BY id LIMIT 1");
  await page.fill('#cand-search', name);
  await page.waitForSelector(`#cand-results button[data-person="${pid}"]`, { timeout: 15000 });
  await page.selectOption('#cand-staff-sitting', { index: 1 });
  await Promise.all([page.waitForEvent('load'), page.click(`#cand-results button[data-person="${pid}"]`)]);
  await page.waitForSelector('#candidate-table tbody tr');
  // An external applicant with a document and a priority category.
  await page.fill('#ext-name', 'Lò Văn Páo');
  await page.fill('#ext-birth', '04/03/1998');
  await page.fill('#ext-cccd', '011098000777');
  await page.waitForSelector('.ext-prio[value="dan_toc_thieu_so"]');
  // The legend cites the regime in force on the exam date (20/11/2025: NĐ 170/2025), not NĐ 138/2020.
  assert.match(await page.textContent('#ext-prio-legend'), /NĐ 170\/2025/);
  assert.doesNotMatch(await page.textContent('#ext-prio-legend'), /138/);
  await page.check('.ext-prio[value="dan_toc_thieu_so"]');
  await page.fill('.doc-kind', 'Bằng tốt nghiệp');
  await page.fill('.doc-ref', 'DH-2020-1234');
  await Promise.all([page.waitForEvent('load'), page.click('#ext-save')]);
  await page.waitForFunction(() => document.querySelectorAll('#candidate-table tbody tr').length === 2);
  const cands = await page.locator('#candidate-table tbody tr').allTextContents();
  assert.match(cands[1], /Lò Văn Páo.*Thí sinh tự do.*Người dân tộc thiểu số.*Bằng tốt nghiệp: DH-2020-1234/);
  assert.match(cands[0], /Phòng 201/);

  await page.click('#forms-generate');
  await page.waitForSelector('#forms-ok');
  assert.match(await page.textContent('#forms-ok'), /Đã tạo 2 đề/);
  await page.waitForSelector('#candidate-table button[data-cand]', { timeout: 15000 });
  assert.equal(await page.locator('#candidate-table button[data-cand]').count(), 2);
  await page.locator('#candidate-table button[data-cand]').first().click();
  await page.waitForSelector('#form-reproduced');
  assert.match(await page.textContent('#form-reproduced'), /trùng khớp hoàn toàn/);
  assert.equal(await page.locator('#form-items tbody tr').count(), 5);
  await shot(page, 'exam-bank-form');
  page.assertClean();
});

test('question editor: a new version with an image, then retired (never deleted)', async () => {
  const [[sid]] = sql(`SELECT id FROM exam_subject WHERE code = '${code}'`);
  const [[qid]] = sql(`SELECT q.id FROM exam_question q JOIN exam_question_version v ON v.question_id = q.id
    WHERE q.subject_id = ${sid} AND v.stem LIKE 'Viết tắt%'`);
  await page.goto(`${BASE}/#/exam/questions/${qid}`);
  await page.waitForSelector('#question-form');
  assert.equal(await page.inputValue('#q-answer'), 'NĐ');
  assert.equal(await page.locator('#q-options .opt-text').count(), 0); // a short answer has no options
  await shot(page, 'exam-bank-editor');
  await page.fill('#q-stem', 'Viết tắt của cụm từ «Nghị định» là gì?');
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  await page.setInputFiles('#q-image-file', { name: 'hinh.png', mimeType: 'image/png', buffer: png });
  await page.waitForSelector('#q-images img');
  await page.click('#q-save');
  await page.waitForSelector('#question-table');
  await page.waitForFunction((id) => [...document.querySelectorAll('#question-table tbody tr')]
    .some((tr) => tr.textContent.startsWith(`#${id}`) && tr.children[1].textContent === '2'), qid);
  const [[ver, imgs]] = sql(`SELECT q.current_version, (SELECT count(*) FROM exam_image i JOIN exam_question_version v
    ON v.id = i.version_id WHERE v.question_id = q.id AND v.version = q.current_version) FROM exam_question q WHERE q.id = ${qid}`);
  assert.equal(ver, '2');
  assert.equal(imgs, '1');

  await page.goto(`${BASE}/#/exam/questions/${qid}`);
  await page.waitForSelector('#q-retire-btn');
  await page.fill('#q-retire-reason', 'Thay bằng câu hỏi mới');
  await page.click('#q-retire-btn');
  await page.waitForSelector('#question-table');
  await page.waitForFunction(() => document.querySelectorAll('#question-table tbody tr').length === 11);
  await page.selectOption('#q-status', 'retired');
  assert.equal(await page.locator('#question-table tbody tr').count(), 1);
  assert.match(await page.locator('#question-table tbody tr').first().textContent(), /Đã rút/);
  assert.equal(sql(`SELECT count(*) FROM exam_question WHERE id = ${qid} AND retired_at IS NOT NULL`)[0][0], '1');
  await page.goto(`${BASE}/#/exam/questions/${qid}`);
  await page.waitForSelector('#q-restore');
  assert.ok(await page.locator('#q-save').isDisabled());
  page.assertClean();
});

test('bank: a .json import (with an image) through the same page', async () => {
  const [[sid]] = sql(`SELECT id FROM exam_subject WHERE code = '${code}'`);
  const before = +sql(`SELECT count(*) FROM exam_question WHERE subject_id = ${sid}`)[0][0];
  const doc = {
    format: 1, subject_code: code,
    questions: [{
      topic_code: 'tinhoc', type: 'single', difficulty: 2, stem: 'Biểu tượng nào là «Lưu»?', tags: ['giao diện'],
      options: [{ text: 'Đĩa mềm', correct: true }, { text: 'Thùng rác', correct: false }],
      images: [{ mime: 'image/png', data_base64: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==' }],
    }],
  };
  await page.goto(`${BASE}/#/exam/subjects/${sid}`);
  await page.waitForSelector('#bank-file');
  await page.setInputFiles('#bank-file', { name: 'bank.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
  await page.click('#bank-check');
  await page.waitForSelector('#bank-ok');
  assert.match(await page.textContent('#bank-ok'), /1 câu hỏi\. Chưa ghi gì/);
  assert.equal(+sql(`SELECT count(*) FROM exam_question WHERE subject_id = ${sid}`)[0][0], before);
  await page.click('#bank-import');
  await page.waitForFunction(() => /Đã nhập 1 câu hỏi/.test(document.querySelector('#bank-ok')?.textContent || ''));
  assert.equal(+sql(`SELECT count(*) FROM exam_question WHERE subject_id = ${sid}`)[0][0], before + 1);
  assert.equal(sql(`SELECT count(*) FROM exam_image i JOIN exam_question_version v ON v.id = i.version_id
    JOIN exam_question q ON q.id = v.question_id WHERE q.subject_id = ${sid} AND v.stem LIKE 'Biểu tượng%'`)[0][0], '1');
  page.assertClean();
});
