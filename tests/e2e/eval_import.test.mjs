// Nạp từ tệp (#/eval/import): an officer loads a CSV of results from another
// system with one bad row → the report names the row and column and nothing
// is written; the fixed file passes the dry run (preview) and is imported;
// the figures show on the person's period page as unverified, with their
// source. Also: the link from the tasks page and the CSV template download;
// historic ratings of legacy years (Luật CBCC 2008, before 2010) from a CSV
// by CCCD, shown on the person's history page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, USER_PW, VIEWPORTS, launch, sql, trackedPage, login, apiGet, shot } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function apiCall(page, method, path, body) {
  return page.evaluate(async ([m, p, b]) => {
    const me = await (await fetch('/api/v1/auth/me')).json();
    const r = await fetch('/api/v1' + p, { method: m, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token }, body: b === undefined ? undefined : JSON.stringify(b) });
    return { status: r.status, body: await r.json() };
  }, [method, path, body]);
}

test('evaluation import: a CSV of results with a bad row, fixed, imported, shown unverified with its source', async () => {
  // A non-leader in a unit with no task in Q4/2026 yet.
  const [[personId, unitId]] = sql(`SELECT p.id, p.unit_id FROM person p WHERE p.status = 'active' AND p.title_id IS NULL
    AND p.unit_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM eval_task t WHERE t.person_id = p.id) ORDER BY p.id DESC LIMIT 1`);
  const year = 2026, quarter = 4;
  const periodQ = `kind=quarter&year=${year}&number=${quarter}`;
  const context = await browser.newContext({ viewport: VIEWPORTS.laptop, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', acceptDownloads: true });
  const page = await trackedPage(context, 'canbo.e2e');
  await login(page, 'canbo.e2e', USER_PW);

  const tag = Date.now().toString(36).slice(-5).toUpperCase();
  const pt = await apiCall(page, 'POST', '/eval/product-types', { unit_id: +unitId, code: `NAP-${tag}`, name: 'Hồ sơ một cửa', measure: 'hồ sơ' });
  assert.equal(pt.status, 201, JSON.stringify(pt.body));
  const task = await apiCall(page, 'POST', '/eval/tasks', { person_id: +personId, period_kind: 'quarter', year, number: quarter,
    product_type_id: pt.body.id, target_qty: 20, deadline: '2026-12-31', title: 'Giải quyết hồ sơ một cửa' });
  assert.equal(task.status, 201, JSON.stringify(task.body));
  const taskId = task.body.id;

  // The tasks page links to the import page.
  await page.goto(`${BASE}/#/eval/tasks?unit=${unitId}&${periodQ}`);
  await page.waitForSelector('#eval-import-link');
  await page.click('#eval-import-link');
  await page.waitForSelector('#imp-file');
  assert.match(page.url(), /#\/eval\/import/);
  assert.match(await page.textContent('#imp-layout-table'), /Thời điểm trích xuất/);

  // The template: a UTF-8 CSV (with BOM) with the Vietnamese headers.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#imp-template')]);
  const tpl = readFileSync(await download.path(), 'utf8');
  assert.ok(tpl.startsWith('\uFEFFMã nhiệm vụ,Số lượng,Nguồn,Thời điểm trích xuất,Mã tham chiếu,Ghi chú'), tpl.slice(0, 80));

  const dir = mkdtempSync(join(tmpdir(), 'canbo-e2e-imp-'));
  const header = 'Mã nhiệm vụ,Số lượng,Nguồn,Thời điểm trích xuất,Mã tham chiếu,Ghi chú';
  const bad = join(dir, 'ket-qua.csv');
  writeFileSync(bad, `\uFEFF${header}\r\n${taskId},5,Một cửa điện tử,15/12/2026 16:30,MC-${tag}-1,\r\n${taskId},năm,Một cửa điện tử,16/12/2026 09:00,MC-${tag}-2,\r\n`);
  await page.setInputFiles('#imp-file', bad);
  page.expectHttpError('/eval/results/import.csv', 400);
  await page.click('#imp-check');
  await page.waitForSelector('#imp-report-table');
  const reportRows = await page.$$eval('#imp-report-table tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.equal(reportRows.length, 1, JSON.stringify(reportRows));
  assert.equal(reportRows[0][0], '3');          // spreadsheet row 3 (row 1 = headers)
  assert.equal(reportRows[0][1], 'Số lượng');
  assert.equal(reportRows[0][2], 'năm');
  assert.equal(reportRows[0][4], 'invalid_type');
  assert.ok(await page.isDisabled('#imp-run'));
  assert.match(await page.textContent('#imp-msg'), /không .*được ghi/);
  await shot(page, 'eval-import-report');
  let tasks = (await apiGet(page, `/eval/people/${personId}/tasks?year=${year}&period_kind=quarter&number=${quarter}`)).body.items;
  assert.equal(tasks.find((t) => t.id === taskId).results.length, 0, 'nothing written');

  // Fixed: dry run shows the preview, then the import.
  const good = join(dir, 'ket-qua-sua.csv');
  writeFileSync(good, `\uFEFF${header}\r\n${taskId},5,Một cửa điện tử,15/12/2026 16:30,MC-${tag}-1,\r\n${taskId},4,Một cửa điện tử,16/12/2026 09:00,MC-${tag}-2,Đợt 2\r\n`);
  await page.setInputFiles('#imp-file', good);
  await page.click('#imp-check');
  await page.waitForSelector('#imp-preview-table');
  const prev = await page.$$eval('#imp-preview-table tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.equal(prev.length, 2);
  assert.equal(prev[0][6], '15/12/2026 16:30');
  assert.equal(prev[1][4], '4');
  tasks = (await apiGet(page, `/eval/people/${personId}/tasks?year=${year}&period_kind=quarter&number=${quarter}`)).body.items;
  assert.equal(tasks.find((t) => t.id === taskId).results.length, 0, 'a dry run writes nothing');
  assert.ok(!(await page.isDisabled('#imp-run')));
  await page.click('#imp-run');
  await page.waitForFunction(() => /Đã nạp 2 kết quả/.test(document.querySelector('#imp-msg')?.textContent || ''));
  await shot(page, 'eval-import-done');

  // The person's period page: both figures, unverified, with their source.
  await page.goto(`${BASE}/#/eval/people/${personId}/period?${periodQ}`);
  await page.waitForSelector(`text=Nạp từ Một cửa điện tử`);
  const text = await page.textContent('main');
  assert.equal((text.match(/Nạp từ Một cửa điện tử/g) || []).length, 2);
  assert.match(text, /Chưa xác minh/);
  assert.match(text, /trích xuất 15\/12\/2026 16:30/);
  tasks = (await apiGet(page, `/eval/people/${personId}/tasks?year=${year}&period_kind=quarter&number=${quarter}`)).body.items;
  const t = tasks.find((x) => x.id === taskId);
  assert.equal(t.results.length, 2);
  assert.ok(t.results.every((r) => r.status === 'unverified' && r.origin === 'import' && r.source === 'Một cửa điện tử'));
  assert.equal(t.verified_qty, 0);
  page.assertClean();
  await context.close();
});

test('evaluation import: historic ratings of legacy years by CCCD, a refused level, then recorded and shown', async () => {
  const [[personId, cccd]] = sql(`SELECT p.id, p.cccd FROM person p WHERE p.status = 'active' AND p.cccd IS NOT NULL AND length(p.cccd) = 12
    AND NOT EXISTS (SELECT 1 FROM eval_rating_history r WHERE r.person_id = p.id) ORDER BY p.id LIMIT 1 OFFSET 3`);
  const context = await browser.newContext({ viewport: VIEWPORTS.laptop, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await trackedPage(context, 'canbo.e2e');
  await login(page, 'canbo.e2e', USER_PW);
  await page.goto(`${BASE}/#/eval/import?kind=ratings`);
  await page.waitForSelector('#imp-layout-table');
  assert.ok(await page.isChecked('#imp-kind-ratings'));
  assert.match(await page.textContent('#imp-layout-table'), /Số CCCD/);

  const dir = mkdtempSync(join(tmpdir(), 'canbo-e2e-imp-'));
  const header = 'Số CCCD,Năm,Mức xếp loại,Điểm,Số quyết định,Nguồn';
  const rows = [
    `${cccd},2008,Lao động tiên tiến,,12/QĐ-SNV,Hồ sơ giấy`,
    `${cccd},2012,Hoàn thành nhiệm vụ nhưng còn hạn chế về năng lực,,08/QĐ-SNV,Hồ sơ giấy`,
    `${cccd},2021,Hoàn thành nhiệm vụ nhưng còn hạn chế về năng lực,,09/QĐ-SNV,Phần mềm cũ`,
  ];
  const bad = join(dir, 'xep-loai.csv');
  writeFileSync(bad, `${header}\n${rows.join('\n')}\n`);
  await page.setInputFiles('#imp-file', bad);
  page.expectHttpError('/eval/ratings/import.csv', 400);
  await page.click('#imp-check');
  await page.waitForSelector('#imp-report-table');
  const report = await page.$$eval('#imp-report-table tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.equal(report.length, 1, JSON.stringify(report));
  assert.equal(report[0][0], '4');
  assert.equal(report[0][1], 'Mức xếp loại');
  assert.match(report[0][3], /NĐ 90\/2020/); // 2021: the «còn hạn chế» level no longer exists
  assert.equal((await apiGet(page, `/eval/people/${personId}/ratings`)).body.items.length, 0);

  const good = join(dir, 'xep-loai-sua.csv');
  writeFileSync(good, `${header}\n${rows[0]}\n${rows[1]}\n${cccd},2021,Hoàn thành nhiệm vụ,,09/QĐ-SNV,Phần mềm cũ\n`);
  await page.setInputFiles('#imp-file', good);
  await page.click('#imp-check');
  await page.waitForSelector('#imp-preview-table');
  const prev = await page.$$eval('#imp-preview-table tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.deepEqual(prev.map((r) => r[2]), ['2008', '2012', '2021']);
  assert.match(prev[1][3], /Luật CBCC 22\/2008/);
  assert.equal(prev[1][4], 'Hoàn thành nhiệm vụ nhưng còn hạn chế về năng lực');
  assert.equal(prev[0][4], 'Lao động tiên tiến');
  await page.click('#imp-run');
  await page.waitForFunction(() => /Đã ghi 3 kết quả xếp loại/.test(document.querySelector('#imp-msg')?.textContent || ''));
  const items = (await apiGet(page, `/eval/people/${personId}/ratings`)).body.items;
  assert.deepEqual(items.map((r) => [r.year, r.regime, r.level]),
    [[2008, 'pre_2010', 'Lao động tiên tiến'], [2012, 'luat_cbcc_2008', 'htnv_han_che'], [2021, 'nd90_2020', 'HTNV']]);

  await page.goto(`${BASE}/#/eval/people/${personId}`);
  await page.waitForSelector('#ratings-table');
  const t = await page.textContent('#ratings-table');
  assert.match(t, /Hoàn thành nhiệm vụ nhưng còn hạn chế về năng lực/);
  assert.match(t, /Lao động tiên tiến/);
  await shot(page, 'eval-import-ratings-history');
  page.assertClean();
  await context.close();
});
