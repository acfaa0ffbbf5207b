// Nhập dữ liệu: upload a .xlsx/.csv to POST /api/v1/import/people (202
// {job_id}), follow GET /api/v1/import/jobs/:id with a progress bar, and
// show the per-row report. Templates: /api/v1/import/template.xlsx|csv.
import { api, get } from '../api.js';
import { h, clear, fmtNum, announce } from '../util.js';

const TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

const STATUS_TEXT = {
  queued: 'Đang chờ xử lý…', pending: 'Đang chờ xử lý…', running: 'Đang kiểm tra và nhập…', validating: 'Đang kiểm tra từng dòng…',
  importing: 'Đang ghi vào cơ sở dữ liệu…', done: 'Đã nhập xong.', succeeded: 'Đã nhập xong.', failed: 'Không nhập được.', error: 'Không nhập được.',
};

export async function importPage(ctx) {
  ctx.setTitle('Nhập dữ liệu');
  const file = h('input', { type: 'file', id: 'import-file', name: 'file', accept: '.xlsx,.csv', class: 'visually-hidden', 'aria-describedby': 'import-help file-name' });
  const fileName = h('span', { id: 'file-name', class: 'muted' }, 'Chưa chọn tệp.');
  file.addEventListener('change', () => {
    const f = file.files && file.files[0];
    fileName.textContent = f ? `${f.name} (${fmtNum(Math.ceil(f.size / 1024))} KB)` : 'Chưa chọn tệp.';
  });
  const err = h('div', { class: 'alert alert-error', role: 'alert', id: 'import-error', hidden: true });
  const bar = h('progress', { id: 'import-progress', max: '100', value: '0', 'aria-label': 'Tiến độ nhập' });
  const statusLine = h('p', { id: 'import-status', 'aria-live': 'polite' });
  const progressBox = h('div', { class: 'progress-box', hidden: true }, bar, statusLine);
  const report = h('div', { id: 'import-report' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'import-submit' }, 'Tải lên và nhập');
  let stop = false;

  const form = h('form', { class: 'panel', id: 'import-form', novalidate: true },
    h('div', { class: 'field' }, h('span', { class: 'label-text' }, 'Tệp danh sách (.xlsx hoặc .csv)'),
      h('div', { class: 'file-pick' }, h('label', { for: 'import-file', class: 'btn' }, 'Chọn tệp…', file), fileName)),
    h('p', { class: 'hint', id: 'import-help' }, 'Tệp CSV mã hóa UTF-8 (có hoặc không có BOM), phân cách bằng dấu phẩy hoặc chấm phẩy. Ngày ghi dd/mm/yyyy hoặc yyyy-mm-dd. Tệp có bất kỳ dòng lỗi nào sẽ không được nhập dòng nào; báo cáo nêu rõ dòng, cột và lý do.'),
    h('div', { class: 'actions' }, submit));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    err.hidden = true;
    clear(report);
    const f = file.files && file.files[0];
    if (!f) { err.textContent = 'Vui lòng chọn tệp .xlsx hoặc .csv.'; err.hidden = false; file.focus(); return; }
    const ext = (f.name.split('.').pop() || '').toLowerCase();
    if (!TYPES[ext]) { err.textContent = 'Chỉ nhận tệp .xlsx hoặc .csv.'; err.hidden = false; file.focus(); return; }
    submit.disabled = true;
    progressBox.hidden = false;
    bar.removeAttribute('value');
    statusLine.textContent = `Đang tải lên «${f.name}» (${fmtNum(Math.ceil(f.size / 1024))} KB)…`;
    try {
      const r = await api('POST', '/import/people?filename=' + encodeURIComponent(f.name), new Blob([await f.arrayBuffer()], { type: TYPES[ext] }),
        { headers: { 'Content-Type': TYPES[ext] } });
      await follow(r.job_id || r.id, r);
    } catch (ex) {
      progressBox.hidden = true;
      err.textContent = ex.status === 404 && ex.code === 'not_found' ? 'Máy chủ chưa hỗ trợ nhập dữ liệu từ tệp.' : ex.message;
      err.hidden = false;
      if (ex.rows || ex.body?.error?.rows) showRows(ex.rows || ex.body.error.rows);
    } finally {
      submit.disabled = false;
    }
  });

  async function follow(jobId, first) {
    let job = first && first.status ? first : null;
    for (;;) {
      if (stop) return;
      if (!job || !isFinal(job.status)) {
        await new Promise((res) => setTimeout(res, 400));
        job = await get(`/import/jobs/${jobId}`, { signal: ctx.signal });
      }
      if (job.total) {
        bar.max = job.total;
        bar.value = job.processed || 0;
      }
      statusLine.textContent = `${STATUS_TEXT[job.status] || job.status}` + (job.total ? ` ${fmtNum(job.processed || 0)} / ${fmtNum(job.total)} dòng.` : '');
      if (isFinal(job.status)) break;
    }
    const rows = (job.report && job.report.rows) || [];
    if (rows.length || /fail|error/.test(job.status)) {
      err.textContent = rows.length ? `Tệp có ${fmtNum(rows.length)} lỗi; không dòng nào được nhập.` : (job.report?.message || job.error?.message || 'Không nhập được.');
      err.hidden = false;
      showRows(rows);
      announce(err.textContent);
    } else {
      const n = job.report?.created ?? job.report?.imported ?? job.processed ?? job.total;
      const upd = job.report?.updated;
      report.appendChild(h('div', { class: 'alert alert-success', id: 'import-ok' },
        `Đã nhập ${fmtNum(n)} dòng` + (upd != null ? ` (thêm mới ${fmtNum(job.report.created ?? 0)}, cập nhật ${fmtNum(upd)})` : '') + '.'));
      announce('Đã nhập xong.');
    }
  }

  function isFinal(s) { return ['done', 'succeeded', 'success', 'failed', 'error', 'completed'].includes(s); }

  function showRows(rows) {
    clear(report).appendChild(h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'import-errors' },
      h('caption', null, 'Báo cáo lỗi theo dòng'),
      h('thead', null, h('tr', null, ['Dòng', 'Cột', 'Lý do'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, rows.map((r) => h('tr', null, h('td', { class: 'num' }, r.row), h('td', null, r.column || r.field || ''), h('td', null, r.message || r.code || '')))))));
  }

  ctx.main.append(
    h('div', { class: 'page-head' }, h('h1', null, 'Nhập hồ sơ từ Excel hoặc CSV')),
    h('p', null, 'Tải mẫu: ', h('a', { href: '/api/v1/import/template.xlsx', download: 'mau-nhap-ho-so.xlsx', id: 'tpl-xlsx' }, 'Mẫu Excel (.xlsx)'), ' · ',
      h('a', { href: '/api/v1/import/template.csv', download: 'mau-nhap-ho-so.csv', id: 'tpl-csv' }, 'Mẫu CSV (.csv)')),
    form, err, progressBox, report);
  return () => { stop = true; };
}
