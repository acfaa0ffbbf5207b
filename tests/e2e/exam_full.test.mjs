// Issue 5, "Must show", end to end in Chromium: an officer imports a question
// bank from an .xlsx file (tests/data/bank-good.xlsx: single, multiple,
// true/false, short answer and essay questions), creates a recruitment
// round-2 exam with a blueprint, a sitting, four external applicants with
// CCCD and priority categories, generates their forms and issues one-time
// codes; the four sit in their own browser contexts (one reloads mid-way and
// finds its answers) and submit; the officer runs the automatic grading,
// two graders mark each essay by anonymous code, a third grader is called
// where the first two differ by more than the gap; the results rank the
// candidates with priority points within the quota of each job position,
// with an exact tie at the last place of one position, settled by the
// head's recorded decision; results are published by registration number
// (the public page shows no names) and exported to Excel, whose sheet is read
// back (names, scores, priority points, rank, result).
//
// The answers and marks are engineered (max 10 points: 2 single × 1,
// true/false 0,5, multiple 2, short answer 0,5, essay 5):
//   An   (VT01, no priority)        objective 5   + essay 2,00           = 70,00
//   Bình (VT01, no priority)        objective 4   + essay 3,00           = 70,00
//   Páo  (VT01, 5 and 2,5: max 5)   objective 3,5 + essay (3,00+3,50)/2  = 67,50 + 5 = 72,50
//     (a difference of 0,50 = exactly 10% of 5: still averaged)
//   Dung (VT02, 2,5)                objective 3   + essay 2,00|4,00 → third 3,50
//                                   → (3,50+4,00)/2 = 3,75              = 67,50 + 2,5 = 70,00
// VT01 has a quota of 2: Páo first, An and Bình tie exactly (total and
// round-2 score) for the last place → the head's decision (Bình).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, ADMIN_PW, USER_PW, SHOTS, VIEWPORTS, launch, sql, trackedPage, login, apiGet, shot } from './helpers.mjs';

const OFFICER = 'canbo.e2e';
const GRADERS = [['lanhdao.e2e', USER_PW], ['khoa.thu', USER_PW], ['admin', ADMIN_PW]];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const tag = Date.now().toString(36);
const subjCode = 'e2e-full-' + tag;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const data = (name) => readFileSync(new URL(`../data/${name}`, import.meta.url));

/** RFC 4180 CSV (the bank's CSV twin of the .xlsx) → rows of cells. */
function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') q = false; else cell += c;
    } else if (c === '"') q = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; } else if (c !== '\r') cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

/** The answer key of the bank, by stem: the correct option texts, or the expected text. */
function answerKey() {
  const rows = parseCsv(data('bank-good.csv').toString('utf8').replace(/^\uFEFF/, ''));
  const key = new Map();
  for (const r of rows.slice(1)) {
    const [, type, , stem, ans, , , , ...opts] = r;
    if (/Tự luận/.test(type)) continue;
    if (/Trả lời ngắn/.test(type)) key.set(stem, { text: ans, wrongText: 'Nghị quyết' });
    else if (/Đúng\/Sai/.test(type)) key.set(stem, { options: [ans], wrongOptions: [ans === 'Đúng' ? 'Sai' : 'Đúng'] });
    else {
      const letters = ans.split(/[,; ]+/).filter(Boolean).map((l) => l.charCodeAt(0) - 65);
      const right = letters.map((k) => opts[k]);
      const wrong = opts.filter((o, k) => o && !letters.includes(k)).slice(0, 1);
      key.set(stem, { options: right, wrongOptions: wrong });
    }
  }
  return key;
}

/** The officer's session: CSRF token for the few API calls the test makes. */
async function csrfOf(page) {
  return (await apiGet(page, '/auth/me')).body;
}

const saved = (page) => page.waitForFunction(() => /^Đã lưu/.test(document.getElementById('sit-status')?.textContent || ''), null, { timeout: 15000 });

/** What the candidate sees: items with their type, stem and shown options. */
const itemsOf = (page) => page.evaluate(() => [...document.querySelectorAll('.sit-item')].map((li) => {
  const pos = Number(li.id.replace('sit-item-', ''));
  const stem = li.querySelector('.sit-stem').textContent;
  const ta = li.querySelector('textarea.sit-text'), inp = li.querySelector('input.sit-text');
  const opts = [...li.querySelectorAll('.sit-option')].map((l) => ({ id: l.getAttribute('for'), text: l.textContent.replace(/^[A-P]\.\s*/, '').trim(),
    multi: l.querySelector('input').type === 'checkbox' }));
  return { pos, stem, kind: ta ? 'essay' : inp ? 'short' : opts[0]?.multi ? 'multiple' : 'choice', opts };
}));

/**
 * A candidate signs in with the code and answers: `wrong` lists what to get
 * wrong ('single' once, 'short', 'multiple'); `essay` is the essay text.
 * With `reload`, the page is reloaded after half the answers and every
 * answer given so far must be back.
 */
async function sit(code, name, { wrong = [], essay, reload = false }) {
  const key = answerKey();
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'vi-VN' });
  const page = await trackedPage(context, 'candidate ' + name);
  page.expectHttpError('/api/v1/sitting/state', 401);
  await page.goto(BASE + '/#/thi');
  await page.waitForSelector('#sit-code');
  await page.fill('#sit-code', code);
  await page.press('#sit-code', 'Enter');
  await page.waitForSelector('#sit-start');
  assert.equal((await page.textContent('#sit-name')).trim(), name);
  await page.click('#sit-start');
  await page.waitForSelector('#sit-clock');
  const items = await itemsOf(page);
  assert.equal(items.length, 6, 'the blueprint draws 6 questions');
  assert.deepEqual(items.map((i) => i.kind).sort(), ['choice', 'choice', 'choice', 'essay', 'multiple', 'short']);
  let singleMissed = !wrong.includes('single');
  const given = []; // [pos, kind, value] for the reload check
  let n = 0;
  for (const it of items) {
    if (reload && n === 3) {
      await page.reload();
      await page.waitForSelector('#sit-clock');
      for (const [pos, kind, v] of given) {
        if (kind === 'text') assert.equal(await page.inputValue(`#q${pos}-text`), v, `answer ${pos} survives the reload`);
        else for (const id of v) assert.equal(await page.isChecked('#' + id), true, `choice ${id} survives the reload`);
      }
      await shot(page, 'exam-full-candidate-after-reload');
    }
    n++;
    if (it.kind === 'essay') {
      await page.fill(`#q${it.pos}-text`, essay);
      await saved(page);
      given.push([it.pos, 'text', essay]);
      continue;
    }
    const k = key.get(it.stem);
    assert.ok(k, 'a question of the imported bank: ' + it.stem);
    if (it.kind === 'short') {
      const v = wrong.includes('short') ? k.wrongText : k.text;
      await page.fill(`#q${it.pos}-text`, v);
      await saved(page);
      given.push([it.pos, 'text', v]);
      continue;
    }
    let texts = k.options;
    if (it.kind === 'multiple' && wrong.includes('multiple')) texts = [k.options[0]]; // partial: no credit
    const isSingle = it.kind === 'choice' && it.opts.length > 2;
    if (isSingle && !singleMissed) { texts = k.wrongOptions; singleMissed = true; }
    const ids = texts.map((t) => {
      const o = it.opts.find((x) => x.text === t);
      assert.ok(o, `option «${t}» shown for «${it.stem}»`);
      return o.id;
    });
    for (const id of ids) { await page.click(`label[for="${id}"]`); await saved(page); }
    given.push([it.pos, 'choice', ids]);
  }
  await page.waitForFunction(() => document.getElementById('sit-count').textContent.startsWith('Đã trả lời 6/6'));
  return { context, page };
}

async function submit(c, shotName) {
  await c.page.click('#sit-submit');
  await c.page.click('#sit-submit-yes');
  await c.page.waitForSelector('#sit-done');
  assert.match(await c.page.textContent('#sit-done h1'), /Đã nộp bài/);
  if (shotName) await shot(c.page, shotName);
  c.page.assertClean();
  await c.context.close();
}

/** One grader marks, in the browser, every open task that want(code, slot) gives a mark for. */
async function markAll([grader, pw], exam, names, want) {
  const ctx = await browser.newContext({ viewport: VIEWPORTS.laptop });
  const page = await trackedPage(ctx, 'marking-' + grader);
  await login(page, grader, pw);
  await page.goto(`${BASE}/#/exam/marking?exam=${exam}`);
  await page.waitForSelector('h1:has-text("Chấm bài tự luận")');
  const tasks = (await apiGet(page, `/exam/grading/tasks?exam=${exam}`)).body.items;
  let marked = 0;
  for (const t of tasks) {
    if (t.mark !== null || t.settled) continue;
    const v = want(t.code, t.slot);
    if (!v) continue;
    const sec = page.locator(`section[data-task="${t.task_id}"]`);
    await sec.waitFor();
    const text = await sec.innerText();
    assert.ok(text.includes(t.code), 'the task shows the anonymous code');
    for (const n of names) assert.ok(!text.includes(n) && !text.includes(n.split(' ').pop() + ' '), `no name on the grader's page (${n})`);
    assert.match(text, /Trình bày quy trình số hóa hồ sơ cán bộ/);
    await sec.locator('input').fill(v);
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/exam/grading/tasks?exam=') && r.request().method() === 'GET'),
      sec.getByRole('button', { name: 'Lưu điểm' }).click(),
    ]);
    marked++;
  }
  if (marked) await shot(page, `exam-full-marking-${grader}-${tasks.some((t) => t.slot === 3) ? 'third' : 'first'}`);
  // Never another grader's mark: the list carries one's own only.
  const after = (await apiGet(page, `/exam/grading/tasks?exam=${exam}`)).body.items;
  for (const t of after) assert.deepEqual(Object.keys(t).filter((k) => /mark/.test(k)).sort(), ['mark', 'marked_at']);
  page.assertClean();
  await ctx.close();
  return marked;
}

/** Cells of the first sheet of an .xlsx (unzip CLI), as rows of strings. */
function readXlsx(path) {
  const unz = (member) => execFileSync('unzip', ['-p', path, member], { encoding: 'utf8' });
  const dec = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  let shared = [];
  try {
    shared = [...unz('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)]
      .map((m) => dec([...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join('')));
  } catch { /* inline strings only */ }
  const sheet = unz('xl/worksheets/sheet1.xml');
  const rows = [];
  for (const m of sheet.matchAll(/<row[^>]*>([\s\S]*?)<\/row>/g)) {
    const row = [];
    for (const c of m[1].matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const col = [...c[1]].reduce((a, ch) => a * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      const v = /<v>([\s\S]*?)<\/v>/.exec(c[3] || '')?.[1];
      const inl = /<is>[\s\S]*?<t[^>]*>([\s\S]*?)<\/t>/.exec(c[3] || '')?.[1];
      row[col] = / t="s"/.test(c[2]) ? shared[+v] : inl !== undefined ? dec(inl) : v === undefined ? '' : dec(v);
    }
    rows.push(Array.from(row, (x) => x ?? ''));
  }
  return rows;
}

test('issue 5 end to end: .xlsx bank → round-2 exam → online sitting → blind double marking → ranking with a tie → publication and Excel', async () => {
  // ---------------- 1. the officer: bank, exam, sitting, candidates, forms, codes ----------------
  const octx = await browser.newContext({ viewport: VIEWPORTS.laptop, locale: 'vi-VN', acceptDownloads: true });
  const off = await trackedPage(octx, 'officer');
  await login(off, OFFICER, USER_PW);
  const me = await csrfOf(off);
  await off.goto(`${BASE}/#/exam`);
  await off.waitForSelector('#subject-form');
  await off.fill('#subject-code', subjCode);
  await off.fill('#subject-name', 'Nghiệp vụ tổ chức nhà nước (thi tuyển, e2e)');
  await off.click('#subject-form button[type=submit]');
  await off.waitForSelector('#topic-form');
  for (const [c, n] of [['luat', 'Pháp luật về công chức'], ['tinhoc', 'Tin học văn phòng']]) {
    await off.fill('#topic-code', c);
    await off.fill('#topic-name', n);
    await Promise.all([off.waitForEvent('load'), off.click('#topic-form button[type=submit]')]);
    await off.waitForSelector('#topic-form');
  }
  // The officer joins the exam board (hội đồng thi) of the subject: a manager reads no question otherwise.
  await off.waitForSelector('#member-user');
  await off.fill('#member-user', String(me.user.id));
  await off.selectOption('#member-role', 'board');
  await Promise.all([off.waitForEvent('load'), off.click('#member-form button[type=submit]')]);
  await off.waitForSelector('#bank-io #bank-file');
  // The bank from the spreadsheet: a dry run with its preview, then the import.
  await off.setInputFiles('#bank-file', { name: 'ngan-hang-cau-hoi.xlsx', mimeType: XLSX, buffer: data('bank-good.xlsx') });
  await off.click('#bank-check');
  await off.waitForSelector('#bank-preview tbody tr');
  assert.match(await off.textContent('#bank-ok'), /12 câu hỏi\. Chưa ghi gì/);
  await off.click('#bank-import');
  await off.waitForFunction(() => /Đã nhập 12 câu hỏi/.test(document.querySelector('#bank-ok')?.textContent || ''));
  await off.waitForFunction(() => document.querySelectorAll('#question-table tbody tr').length === 12, null, { timeout: 15000 });
  await shot(off, 'exam-full-1-bank');
  const [[subjectId]] = sql(`SELECT id FROM exam_subject WHERE code = '${subjCode}'`);
  const types = sql(`SELECT v.type, count(*) FROM exam_question q JOIN exam_question_version v ON v.question_id = q.id
    WHERE q.subject_id = ${subjectId} GROUP BY v.type ORDER BY v.type`);
  assert.deepEqual(types, [['essay', '1'], ['multiple', '1'], ['short_answer', '1'], ['single', '6'], ['true_false', '3']]);

  // A round-2 recruitment exam (thi tuyển, vòng 2) with its blueprint.
  await off.goto(`${BASE}/#/exam/exams/new`);
  await off.waitForSelector('#exam-form');
  await off.selectOption('#exam-subject', subjectId);
  await off.waitForFunction(() => document.querySelectorAll('.bp-topic option').length === 2);
  await off.selectOption('#exam-type', 'recruit_r2');
  await off.fill('#exam-title', 'Thi tuyển công chức Sở Nội vụ 2026 – vòng 2 (e2e)');
  await off.fill('#exam-date', '10/05/2026');
  await off.fill('#exam-duration', '60');
  // luat/1: 2 of the 5 single-choice questions; luat/2: the multiple-choice and the short-answer
  // question; tinhoc/1: 1 of the 3 true/false; tinhoc/3: the essay. 6 items, 10 points.
  const bp = [['luat – Pháp luật về công chức', '1', '2'], ['luat – Pháp luật về công chức', '2', '2'],
    ['tinhoc – Tin học văn phòng', '1', '1'], ['tinhoc – Tin học văn phòng', '3', '1']];
  for (let i = 0; i < bp.length; i++) {
    if (i) await off.click('#bp-add');
    await off.selectOption(`.bp-topic >> nth=${i}`, { label: bp[i][0] });
    await off.selectOption(`.bp-diff >> nth=${i}`, bp[i][1]);
    await off.fill(`.bp-count >> nth=${i}`, bp[i][2]);
  }
  await off.click('#exam-save');
  await off.waitForSelector('#sitting-form');
  const examId = Number(/#\/exam\/exams\/(\d+)/.exec(off.url())[1]);
  assert.ok(examId > 0);
  assert.equal(await off.locator('#bp-view tbody tr').count(), 4);
  await off.fill('#sitting-date', '10/05/2026');
  await off.fill('#sitting-time', '08:00');
  await off.fill('#sitting-room', 'Phòng máy 2 – Sở Nội vụ');
  await off.fill('#sitting-capacity', '20');
  await Promise.all([off.waitForEvent('load'), off.click('#sitting-form button[type=submit]')]);
  await off.waitForSelector('#sitting-table tbody tr');
  const sittingId = Number(sql(`SELECT id FROM exam_sitting WHERE exam_id = ${examId}`)[0][0]);

  // Four external applicants with CCCD, documents and priority categories.
  const people = [
    // CCCD: province 001, century/sex digit, year of birth, 6 digits unique to this run.
    { name: 'Phạm Văn An', birth: '04/03/1998', cccd: '001098', prio: [] },
    { name: 'Hoàng Thị Bình', birth: '02/01/1997', cccd: '001197', prio: [] },
    { name: 'Lò Văn Páo', birth: '06/05/1996', cccd: '001096', prio: ['dan_toc_thieu_so', 'hoan_thanh_nghia_vu_quan_su'] },
    { name: 'Vi Thị Dung', birth: '09/09/1995', cccd: '001195', prio: ['hoan_thanh_nghia_vu_quan_su'] },
  ];
  const serial = String(Date.now()).slice(-5);
  people.forEach((p, i) => { p.cccd += serial + i; });
  // The priority legend cites the regime in force on the exam date (10/05/2026: NĐ 170/2025).
  await off.waitForFunction(() => /NĐ 170\/2025/.test(document.getElementById('ext-prio-legend')?.textContent || ''));
  assert.doesNotMatch(await off.textContent('#ext-prio-legend'), /138/);
  for (const p of people) {
    await off.fill('#ext-name', p.name);
    await off.fill('#ext-birth', p.birth);
    await off.fill('#ext-cccd', p.cccd);
    await off.selectOption('#ext-sitting', String(sittingId));
    await off.waitForSelector('.ext-prio[value="dan_toc_thieu_so"]');
    for (const c of p.prio) await off.check(`.ext-prio[value="${c}"]`);
    await off.fill('.doc-kind', 'Bằng tốt nghiệp đại học');
    await off.fill('.doc-ref', 'DH-' + p.cccd.slice(-6));
    await Promise.all([off.waitForEvent('load'), off.click('#ext-save')]);
    await off.waitForSelector('#candidate-table tbody tr');
  }
  await off.waitForFunction(() => document.querySelectorAll('#candidate-table tbody tr').length === 4);
  const candRows = await off.locator('#candidate-table tbody tr').allTextContents();
  assert.match(candRows.join('\n'), /Lò Văn Páo.*Thí sinh tự do.*Người dân tộc thiểu số/);
  const cid = Object.fromEntries(sql(`SELECT full_name, id FROM exam_candidate WHERE exam_id = ${examId}`).map(([n, i]) => [n, Number(i)]));
  assert.equal(Object.keys(cid).length, 4);
  await off.click('#forms-generate');
  await off.waitForSelector('#forms-ok');
  assert.match(await off.textContent('#forms-ok'), /Đã tạo 4 đề/);
  await off.waitForFunction(() => document.querySelectorAll('#candidate-table button[data-cand]').length === 4, null, { timeout: 15000 });
  await shot(off, 'exam-full-2-exam');

  // One-time codes from the board's live page.
  await off.goto(`${BASE}/#/thi-truc-tuyen/${examId}/${sittingId}`);
  await off.waitForSelector('#sit-issue');
  await off.click('#sit-issue');
  await off.waitForSelector('#sit-codes tbody tr');
  const codeRows = await off.locator('#sit-codes tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent.trim())));
  assert.equal(codeRows.length, 4);
  const codeOf = Object.fromEntries(codeRows.map(([, n, c]) => [n, c]));
  // The printed registration number (số báo danh) is the one results are published under.
  const printedRegNo = Object.fromEntries(codeRows.map(([r, n]) => [n, r]));
  for (const p of people) assert.match(codeOf[p.name] || '', /^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
  for (const p of people) assert.match(printedRegNo[p.name] || '', /^SBD\d{4}$/);
  for (const p of people) {
    await off.waitForFunction(([c, r]) => document.querySelector(`#sit-live-table tr[data-candidate="${c}"] td`)?.textContent.trim() === r,
      [cid[p.name], printedRegNo[p.name]], { timeout: 10000 });
  }
  await shot(off, 'exam-full-3-codes');

  // ---------------- 2. the candidates sit in Chromium ----------------
  const essay = (n) => `Bài làm ${n}: thu thập hồ sơ giấy, số hóa và ký số, kiểm tra đối chiếu, lưu trữ trên hệ thống.`;
  const an = await sit(codeOf['Phạm Văn An'].toLowerCase(), 'Phạm Văn An', { essay: essay(1), reload: true });
  await shot(an.page, 'exam-full-4-candidate-form');
  const binh = await sit(codeOf['Hoàng Thị Bình'], 'Hoàng Thị Bình', { wrong: ['single'], essay: essay(2) });
  const pao = await sit(codeOf['Lò Văn Páo'].replace('-', ''), 'Lò Văn Páo', { wrong: ['single', 'short'], essay: essay(3) });
  const dung = await sit(codeOf['Vi Thị Dung'], 'Vi Thị Dung', { wrong: ['multiple'], essay: essay(4) });
  // The board sees them all in, with every answer saved.
  await off.goto('about:blank');
  await off.goto(`${BASE}/#/thi-truc-tuyen/${examId}/${sittingId}`);
  await off.waitForSelector('#sit-live-table');
  await off.waitForFunction(() => /4 thí sinh: 4 đang làm bài/.test(document.getElementById('sit-summary')?.textContent || ''), null, { timeout: 15000 });
  await submit(an, 'exam-full-5-candidate-submitted');
  await submit(binh);
  await submit(pao);
  await submit(dung);
  await off.waitForFunction(() => /4 đã nộp/.test(document.getElementById('sit-summary')?.textContent || ''), null, { timeout: 20000 });
  for (const p of people) assert.match(await off.locator(`#sit-live-table tr[data-candidate="${cid[p.name]}"]`).textContent(), /Đã nộp bài.*6\/6/);
  await shot(off, 'exam-full-6-board-live');

  // ---------------- 3. grading ----------------
  await off.goto(`${BASE}/#/exam/grading/${examId}`);
  await off.waitForSelector('#grader-user');
  // Graders are picked by name from a list (GET …/grading/eligible-graders): no user ids to look up.
  for (const [g] of GRADERS) {
    const value = await off.locator('#grader-user option').evaluateAll((os, n) => os.find((o) => o.textContent.includes(`(${n})`))?.value, g);
    assert.ok(value, `${g} is offered in the pick list`);
    await off.selectOption('#grader-user', value);
    await off.getByRole('button', { name: 'Thêm giám khảo' }).click();
    await off.waitForFunction((n) => [...document.querySelectorAll('#grader-list li')].some((li) => li.textContent.startsWith(n + ':') || li.textContent.includes(`(${n}):`)), g);
    assert.equal(await off.locator('#grader-user option').evaluateAll((os, n) => os.some((o) => o.textContent.includes(`(${n})`)), g), false, `${g} no longer offered`);
  }
  // Job positions and their quotas (chỉ tiêu).
  for (const [c, n, q] of [['VT01', 'Chuyên viên quản lý công chức', '2'], ['VT02', 'Chuyên viên cải cách hành chính', '1']]) {
    await off.fill('#pos-code', c);
    await off.fill('#pos-name', n);
    await off.fill('#pos-quota', q);
    await off.getByRole('button', { name: 'Lưu', exact: true }).click();
    await off.waitForSelector(`text=${c} – ${n}: chỉ tiêu ${q}`);
  }
  await off.getByRole('button', { name: 'Chấm tự động' }).click();
  await off.waitForSelector('text=Đã chấm tự động 4 bài; 4 câu tự luận; vắng 0.');
  let res = (await apiGet(off, `/exams/${examId}/results`)).body;
  const byName = Object.fromEntries(res.candidates.map((c) => [c.full_name, c]));
  // Objective points before the essays: 5 / 4 / 3,5 / 3 (hundredths).
  assert.deepEqual(people.map((p) => byName[p.name].points), [500, 400, 350, 300]);
  const regNo = Object.fromEntries(people.map((p) => [p.name, byName[p.name].reg_no]));
  for (const p of people) assert.equal(regNo[p.name], printedRegNo[p.name], `${p.name}: the results use the printed registration number`);
  const posOf = { 'Phạm Văn An': 'VT01', 'Hoàng Thị Bình': 'VT01', 'Lò Văn Páo': 'VT01', 'Vi Thị Dung': 'VT02' };
  for (const p of people) {
    await off.getByLabel(`Vị trí của ${regNo[p.name]}`).selectOption(posOf[p.name]);
    await off.waitForFunction(([r, v]) => [...document.querySelectorAll('#results-table select')].some((s) => s.getAttribute('aria-label') === `Vị trí của ${r}` && s.value === v), [regNo[p.name], posOf[p.name]]);
    await off.getByLabel(`Kết quả vòng 1 của ${regNo[p.name]}`).fill('42/60');
    await off.getByLabel(`Kết quả vòng 1 của ${regNo[p.name]}`).press('Tab');
    await off.waitForFunction((r) => [...document.querySelectorAll('#results-table input')].some((s) => s.getAttribute('aria-label') === `Kết quả vòng 1 của ${r}` && s.value === '42/60'), regNo[p.name]);
  }
  await shot(off, 'exam-full-7-grading-before-essays');

  // Essays, blind and double-marked.
  const anon = Object.fromEntries(people.map((p) => [byName[p.name].anon_code, p.name]));
  const firstMarks = { 'Phạm Văn An': ['2,00', '2,00'], 'Hoàng Thị Bình': ['3,00', '3,00'], 'Lò Văn Páo': ['3,00', '3,50'], 'Vi Thị Dung': ['2,00', '4,00'] };
  const names = people.map((p) => p.name);
  let marked = 0;
  for (const g of GRADERS) marked += await markAll(g, examId, names, (code, slot) => (slot < 3 ? firstMarks[anon[code]][slot - 1] : null));
  assert.equal(marked, 8);
  const grading = (await apiGet(off, `/exams/${examId}/grading`)).body;
  const thirds = grading.marks.filter((m) => m.slot === 3);
  assert.equal(thirds.length, 1, 'one third grader: Dung (2,00 vs 4,00 > 10% of 5)');
  assert.equal(anon[thirds[0].code], 'Vi Thị Dung');
  const thirdGrader = GRADERS.find(([u]) => u === thirds[0].grader);
  assert.ok(thirdGrader, 'the third grader is one of the exam: ' + thirds[0].grader);
  const firstTwo = grading.marks.filter((m) => m.code === thirds[0].code && m.slot < 3).map((m) => m.grader);
  assert.ok(!firstTwo.includes(thirds[0].grader), 'the third grader did not mark that answer before');
  assert.equal(await markAll(thirdGrader, examId, names, (code, slot) => (slot === 3 ? '3,50' : null)), 1);

  // ---------------- 4. results, ranking, tie, decision, publication, Excel ----------------
  await off.reload();
  await off.waitForSelector('#results-table');
  const row = (n) => off.locator(`#results-table tr[data-candidate="${cid[n]}"]`);
  const cell = async (n, cls) => (await row(n).locator(`td.${cls}`).innerText()).trim();
  assert.equal(await cell('Phạm Văn An', 'total'), '70,00');
  assert.equal(await cell('Hoàng Thị Bình', 'total'), '70,00');
  assert.equal(await cell('Lò Văn Páo', 'r2'), '67,50');
  assert.equal(await cell('Lò Văn Páo', 'prio'), '5,00', 'only the highest priority counts (5, not 5 + 2,5)');
  assert.equal(await cell('Lò Văn Páo', 'total'), '72,50');
  assert.equal(await cell('Vi Thị Dung', 'r2'), '67,50', 'essay: (third 3,50 + closer 4,00) / 2 = 3,75');
  assert.equal(await cell('Vi Thị Dung', 'prio'), '2,50');
  assert.equal(await cell('Vi Thị Dung', 'total'), '70,00');
  assert.equal(await row('Lò Văn Páo').getAttribute('data-result'), 'trung_tuyen');
  assert.equal(await row('Vi Thị Dung').getAttribute('data-result'), 'trung_tuyen');
  assert.equal(await row('Phạm Văn An').getAttribute('data-result'), 'cho_quyet_dinh');
  assert.equal(await row('Hoàng Thị Bình').getAttribute('data-result'), 'cho_quyet_dinh');
  assert.equal(await off.locator('#tie-VT02').count(), 0);
  await off.waitForSelector('#tie-VT01');
  const pubStatus = async () => (await browser.newContext().then(async (c) => { const r = await c.request.get(`${BASE}/api/v1/exams/${examId}/results/public`); const st = r.status(); await c.close(); return st; }));
  // Publication waits for the head's decision.
  off.expectHttpError(`/exams/${examId}/publish`, 409);
  await off.getByRole('button', { name: 'Công bố kết quả' }).click();
  await off.waitForFunction(() => [...document.querySelectorAll('.alert-error')].some((e) => !e.hidden && /chờ quyết định của người đứng đầu/.test(e.textContent)));
  assert.equal((await apiGet(off, `/exams/${examId}/results`)).body.published_at ?? null, null);
  assert.equal((await pubStatus()), 404, 'nothing public before publication');
  await shot(off, 'exam-full-8-tie');
  await off.locator(`#tie-VT01 input[type=checkbox][value="${cid['Hoàng Thị Bình']}"]`).check();
  await off.fill('#tie-no-VT01', '112/QĐ-SNV');
  await off.fill('#tie-date-VT01', '20/05/2026');
  await off.getByRole('button', { name: 'Ghi quyết định' }).click();
  await off.waitForSelector('text=Đã ghi quyết định của người đứng đầu');
  assert.equal(await row('Hoàng Thị Bình').getAttribute('data-result'), 'trung_tuyen');
  assert.equal(await row('Phạm Văn An').getAttribute('data-result'), 'khong_trung_tuyen');
  assert.match(await off.locator('body').innerText(), /Vị trí VT01: Quyết định số 112\/QĐ-SNV ngày 20\/05\/2026/);
  res = (await apiGet(off, `/exams/${examId}/results`)).body;
  const fin = Object.fromEntries(res.candidates.map((c) => [c.full_name, c]));
  assert.equal(fin['Lò Văn Páo'].rank, 1);
  assert.equal(fin['Vi Thị Dung'].rank, 1);

  // Excel.
  const [dl] = await Promise.all([off.waitForEvent('download'), off.getByRole('button', { name: 'Tải Excel' }).click()]);
  assert.match(dl.suggestedFilename(), /\.xlsx$/);
  const dir = mkdtempSync(join(tmpdir(), 'canbo-exam-full-'));
  const file = join(dir, 'ket-qua.xlsx');
  writeFileSync(file, readFileSync(await dl.path()));
  writeFileSync(`${SHOTS}/exam-full-results.xlsx`, readFileSync(file)); // kept with the screenshots
  const rows = readXlsx(file);
  const header = rows[0].map((x) => x.toLowerCase());
  const col = (re) => { const i = header.findIndex((x) => re.test(x)); assert.ok(i >= 0, `column ${re} in ${rows[0].join(' | ')}`); return i; };
  const cName = col(/họ và tên|họ tên/), cPrio = col(/ưu tiên/), cRank = col(/hạng/), cRes = col(/kết quả/), cTotal = col(/tổng/);
  const cR2 = header.findIndex((x) => /vòng 2|thang 100|điểm thi/.test(x));
  const num = (s) => Number(String(s).replace(',', '.'));
  const xr = Object.fromEntries(rows.slice(1).filter((r) => r[cName]).map((r) => [r[cName], r]));
  assert.deepEqual(Object.keys(xr).sort(), [...names].sort(), 'every candidate by name');
  const expect = { 'Phạm Văn An': [70, 0, 70, /không trúng tuyển/i], 'Hoàng Thị Bình': [70, 0, 70, /^trúng tuyển/i],
    'Lò Văn Páo': [67.5, 5, 72.5, /^trúng tuyển/i], 'Vi Thị Dung': [67.5, 2.5, 70, /^trúng tuyển/i] };
  for (const [n, [r2, prio, total, result]] of Object.entries(expect)) {
    if (cR2 >= 0) assert.equal(num(xr[n][cR2]), r2, `${n}: round-2 score in Excel (${xr[n][cR2]})`);
    assert.equal(num(xr[n][cPrio] || 0), prio, `${n}: priority points in Excel`);
    assert.equal(num(xr[n][cTotal]), total, `${n}: total in Excel`);
    assert.match(xr[n][cRes], result, `${n}: result in Excel`);
  }
  assert.equal(num(xr['Lò Văn Páo'][cRank]), 1);
  assert.equal(num(xr['Hoàng Thị Bình'][cRank]), 2);
  // The tie column in words, as on the results page (not the codes "full" / "round2").
  const cTie = col(/bằng điểm/);
  assert.equal(xr['Phạm Văn An'][cTie], 'Bằng cả tổng điểm và điểm vòng 2');
  assert.equal(xr['Hoàng Thị Bình'][cTie], 'Bằng cả tổng điểm và điểm vòng 2');
  for (const r of rows.slice(1)) assert.ok(!['full', 'round2'].includes(r[cTie]), 'no raw tie code in Excel');

  // Publication by registration number; the public page has no names.
  await off.getByRole('button', { name: 'Công bố kết quả' }).click();
  await off.waitForSelector('text=Đã công bố kết quả theo số báo danh');
  // The publication day in Vietnam time, dd/mm/yyyy (not the first 10 characters of a UTC stamp).
  const publishedAt = (await apiGet(off, `/exams/${examId}/results`)).body.published_at;
  const vnDay = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(publishedAt));
  assert.match(await off.locator('.page-head').innerText(), new RegExp(`đã công bố kết quả ngày ${vnDay.replace(/\//g, '\\/')}`));
  // The tables use the project's table class (styled), not an undefined one.
  assert.equal(await off.locator('#results-table').getAttribute('class'), 'table');
  assert.notEqual(await off.locator('#results-table thead th').first().evaluate((e) => getComputedStyle(e).backgroundColor), 'rgba(0, 0, 0, 0)');
  await shot(off, 'exam-full-9-results');
  const pctx = await browser.newContext({ viewport: VIEWPORTS.laptop });
  const pub = await trackedPage(pctx, 'public');
  await pub.goto(`${BASE}/#/exam/public/${examId}`);
  await pub.waitForSelector('#public-results');
  const ptext = await pub.locator('body').innerText();
  for (const p of people) {
    assert.ok(ptext.includes(regNo[p.name]), 'registration number ' + regNo[p.name]);
    for (const part of p.name.split(' ')) if (part.length > 2 && part !== 'Thị' && part !== 'Văn') assert.ok(!ptext.includes(part), `no name on the public page (${part})`);
    assert.ok(!ptext.includes(byName[p.name].anon_code), 'no anonymous code on the public page');
    assert.ok(!ptext.includes(p.cccd), 'no CCCD on the public page');
  }
  assert.match(ptext, /trúng tuyển/i);
  assert.match(ptext, new RegExp(`công bố ngày ${vnDay.replace(/\//g, '\\/')}\\.`));
  assert.match(await pub.locator('#public-results').getAttribute('class'), /\btable\b/);
  // Rank and result do not run together: the result cell starts clear of the rank's text.
  const gap = await pub.locator('#public-results tbody tr').first().evaluate((tr) => {
    const cells = [...tr.children];
    const rank = cells[cells.length - 2], result = cells[cells.length - 1];
    const rr = document.createRange();
    rr.selectNodeContents(rank);
    const rs = document.createRange();
    rs.selectNodeContents(result);
    return rs.getBoundingClientRect().left - rr.getBoundingClientRect().right;
  });
  assert.ok(gap >= 16, `space between rank and result: ${gap}px`);
  const pubJson = await (await pctx.request.get(`${BASE}/api/v1/exams/${examId}/results/public`)).text();
  for (const n of names) assert.ok(!pubJson.includes(n));
  await shot(pub, 'exam-full-10-public');
  pub.assertClean();
  await pctx.close();
  off.assertClean();
  await octx.close();
});

// The same chain for a paper the candidate leaves open: the page closes itself
// at the server's deadline, the board sees "hết giờ", nothing is accepted
// afterwards, and the grading run grades what was saved before the deadline.
// Set up through the API as the officer (the UI for these steps is exercised
// by the test above); the shortest duration an exam allows is one minute.
test('a paper left open is closed at the deadline and graded with the answers saved before it', async () => {
  const octx = await browser.newContext({ viewport: VIEWPORTS.laptop, locale: 'vi-VN' });
  const off = await trackedPage(octx, 'officer (deadline)');
  await off.goto(BASE + '/#/login');
  await off.waitForSelector('#username');
  const lg = await off.evaluate(async (pw) => {
    const r = await fetch('/api/v1/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'canbo.e2e', password: pw }) });
    localStorage.setItem('canbo.signedIn', '1');
    return r.json();
  }, USER_PW);
  const call = async (want, method, path, body) => {
    const r = await off.evaluate(async ([m, p, b, t]) => {
      const res = await fetch('/api/v1' + p, { method: m, headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-CSRF-Token': t }, body: b === null ? undefined : JSON.stringify(b) });
      return { status: res.status, body: await res.json().catch(() => null) };
    }, [method, path, body === undefined ? null : body, lg.csrf_token]);
    assert.equal(r.status, want, `${method} ${path}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const t = Date.now().toString(36);
  const subj = (await call(201, 'POST', '/exam/subjects', { code: 'e2e-dl-' + t, name: 'Sát hạch hết giờ (e2e)' })).id;
  const topic = (await call(201, 'POST', `/exam/subjects/${subj}/topics`, { code: 'chung', name: 'Kiến thức chung' })).id;
  await call(201, 'POST', `/exam/subjects/${subj}/members`, { user_id: (await apiGet(off, '/auth/me')).body.user.id, role: 'board' });
  await call(201, 'POST', `/exam/subjects/${subj}/bank`, { questions: [
    { topic_code: 'chung', type: 'true_false', difficulty: 1, stem: 'Công chức phải chấp hành quyết định của cấp trên.', options: [{ text: 'Đúng', correct: true }, { text: 'Sai', correct: false }] },
    { topic_code: 'chung', type: 'short_answer', difficulty: 1, stem: 'Viết tắt của «Ủy ban nhân dân»?', answer: 'UBND' },
  ] });
  const exam = (await call(201, 'POST', '/exams', { subject_id: subj, type: 'staff_test', title: 'Sát hạch một phút (e2e)', reference_date: '2026-05-10', duration_min: 1,
    blueprint: [{ topic_id: topic, difficulty: 1, count: 2 }] })).id;
  const sitting = (await call(201, 'POST', `/exams/${exam}/sittings`, { starts_at: '2026-05-10T08:00', room: 'Phòng máy 1', capacity: 5 })).id;
  const cand = (await call(201, 'POST', `/exams/${exam}/candidates`, { full_name: 'Đinh Thị Mai', birth_date: '1999-02-03', cccd: '001199' + String(Date.now()).slice(-6), sitting_id: sitting })).id;
  await call(201, 'POST', `/exams/${exam}/forms`, {});
  const code = (await call(201, 'POST', `/exams/${exam}/sittings/${sitting}/codes`, {})).codes[0].code;

  const cctx = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'vi-VN' });
  const page = await trackedPage(cctx, 'candidate (deadline)');
  page.expectHttpError('/api/v1/sitting/state', 401);
  await page.goto(BASE + '/#/thi');
  await page.waitForSelector('#sit-code');
  await page.fill('#sit-code', code);
  await page.press('#sit-code', 'Enter');
  await page.waitForSelector('#sit-start');
  await page.click('#sit-start');
  await page.waitForSelector('#sit-clock');
  assert.match(await page.textContent('#sit-clock'), /Còn lại 0?[01]:\d\d/);
  // The true/false answered right (Đúng); the short answer left empty.
  const tf = await page.evaluate(() => [...document.querySelectorAll('.sit-item')].find((li) => li.querySelector('.sit-option')).id.replace('sit-item-', ''));
  await page.click(`label[for="q${tf}-o0"]`);
  await saved(page);
  await shot(page, 'exam-full-deadline-sitting');
  // The page closes itself at the server's deadline (about a minute).
  await page.waitForSelector('#sit-done', { timeout: 100000 });
  assert.match(await page.textContent('#sit-done h1'), /Đã hết giờ làm bài/);
  await shot(page, 'exam-full-deadline-closed');
  // Nothing is accepted afterwards.
  page.expectHttpError('/api/v1/sitting/answers/', 409);
  const late = await page.evaluate(async (p) => {
    const st = await (await fetch('/api/v1/sitting/state')).json();
    const r = await fetch('/api/v1/sitting/answers/' + p, { method: 'PUT', headers: { 'Content-Type': 'application/json', 'X-Exam-CSRF': st.csrf_token }, body: JSON.stringify({ response: 'UBND', seq: 99 }) });
    return { status: r.status, body: await r.json(), state: st.attempt.state, kind: st.attempt.submit_kind };
  }, tf === '1' ? 2 : 1);
  assert.equal(late.status, 409, JSON.stringify(late.body));
  assert.equal(late.state, 'deadline');
  assert.equal(late.kind, 'deadline');
  page.assertClean();
  await cctx.close();

  // The board: "hết giờ"; grading counts the paper with the answer saved before the deadline.
  const live = (await apiGet(off, `/exams/${exam}/sittings/${sitting}/live`)).body;
  assert.equal(live.counts.deadline, 1, JSON.stringify(live.counts));
  const run = await call(200, 'POST', `/exams/${exam}/grading/run`, {});
  assert.equal(run.graded, 1, JSON.stringify(run));
  const res = (await apiGet(off, `/exams/${exam}/results`)).body;
  const c = res.candidates.find((x) => x.candidate_id === cand);
  assert.equal(c.correct, 1);
  assert.equal(c.items, 2);
  assert.equal(c.points, 100);
  assert.equal(c.max_points, 200);
  off.assertClean();
  await octx.close();
});
