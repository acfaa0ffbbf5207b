// Nạp từ tệp: results loaded from other systems and historic year ratings,
// from .csv / .xlsx (Vietnamese headers, docs/evaluation.md "Import layouts")
// or .json ({rows: [...]}). A dry run first (?dry_run=1): the preview of
// the rows, or the report of every bad row and cell; then the import, all
// or nothing. A CSV template of each layout can be downloaded.
import { api } from '../api.js';
import { h, clear, fmtDate, fmtDateTime, saveBlob, announce } from '../util.js';
import { errorBox, showError, showOk, num } from './eval_common.js';

const CT_XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const KINDS = {
  results: {
    label: 'Kết quả từ hệ thống khác',
    path: '/eval/results/import',
    template: 'mau-nap-ket-qua.csv',
    columns: [
      ['Mã nhiệm vụ', 'bắt buộc', 'Số của nhiệm vụ đã giao (cột «Mã» trong danh sách nhiệm vụ).'],
      ['Số lượng', 'bắt buộc', 'Số nguyên, 0 – 1.000.000.'],
      ['Nguồn', 'bắt buộc', 'Tên hệ thống nguồn, ví dụ «Một cửa điện tử».'],
      ['Thời điểm trích xuất', 'bắt buộc', 'dd/mm/yyyy HH:MM (giờ Việt Nam) hoặc ISO 8601.'],
      ['Mã tham chiếu', 'không bắt buộc', 'Mã bản ghi ở hệ thống nguồn (lưu làm minh chứng).'],
      ['Ghi chú', 'không bắt buộc', ''],
    ],
    sample: ['12', '3', 'Một cửa điện tử', '31/03/2026 17:00', 'HS-000123', 'Quý I'],
  },
  ratings: {
    label: 'Xếp loại các năm trước',
    path: '/eval/ratings/import',
    template: 'mau-nap-xep-loai.csv',
    columns: [
      ['Số CCCD', 'bắt buộc (hoặc Mã hồ sơ)', '12 chữ số.'],
      ['Mã hồ sơ', 'không bắt buộc', 'Dùng khi không có số CCCD.'],
      ['Năm', 'bắt buộc', 'Từ 1990 đến năm nay.'],
      ['Mức xếp loại', 'bắt buộc', 'Mã (HTXS, HTT, HTNV, KHT, htnv_han_che) hoặc tên mức, ví dụ «Hoàn thành nhiệm vụ nhưng còn hạn chế về năng lực» (trước 2020). Trước 2010: ghi như quyết định gốc.'],
      ['Chế độ đánh giá', 'không bắt buộc', 'Để trống: theo năm (luat_cbcc_2008, nd56_2015, nd90_2020, nd90_48_2023, nd335_2025, pre_2010).'],
      ['Điểm', 'không bắt buộc', 'Chỉ từ NĐ 335/2025 (thang 100), ví dụ 92,5.'],
      ['Số quyết định', 'không bắt buộc', ''],
      ['Nguồn', 'không bắt buộc', 'Ví dụ «Hồ sơ giấy lưu trữ».'],
    ],
    sample: ['048080000123', '', '2014', 'Hoàn thành tốt nhiệm vụ', '', '', '15/QĐ-SNV', 'Hồ sơ giấy lưu trữ'],
  },
};

const FIELD_LABEL = {
  task_id: 'Mã nhiệm vụ', quantity: 'Số lượng', source: 'Nguồn', extracted_at: 'Thời điểm trích xuất', external_ref: 'Mã tham chiếu',
  note: 'Ghi chú', person_id: 'Mã hồ sơ', cccd: 'Số CCCD', year: 'Năm', level: 'Mức xếp loại', regime: 'Chế độ đánh giá',
  score_x100: 'Điểm', decision_no: 'Số quyết định',
};

function csvCell(s) {
  const v = String(s ?? '');
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function templateBlob(kind) {
  const k = KINDS[kind];
  const lines = [k.columns.map((c) => csvCell(c[0])).join(','), k.sample.map(csvCell).join(',')];
  return new Blob(['\uFEFF' + lines.join('\r\n') + '\r\n'], { type: 'text/csv;charset=utf-8' });
}

/** An extraction time as shown: dd/mm/yyyy HH:MM (Vietnam time), or dd/mm/yyyy. */
function fmtStamp(s) {
  if (!s) return '';
  return s.length <= 10 ? fmtDate(s) : fmtDateTime(s);
}

const fmtPoints = (x) => (x === null || x === undefined ? '' : (x / 100).toFixed(2).replace('.', ','));

export async function evalImportPage(ctx) {
  ctx.setTitle('Nạp kết quả, xếp loại từ tệp');
  ctx.main.classList.add('wide');
  const state = new URLSearchParams(ctx.query);
  let kind = state.get('kind') === 'ratings' ? 'ratings' : 'results';
  let checked = null; // {file, kind} that passed a dry run

  const msg = errorBox('imp-msg');
  const layout = h('div', { id: 'imp-layout' });
  const out = h('div', { id: 'imp-out' });
  const file = h('input', { id: 'imp-file', type: 'file', accept: '.csv,.xlsx,.json,text/csv,application/json,' + CT_XLSX });
  const checkBtn = h('button', { id: 'imp-check', type: 'button', class: 'btn' }, 'Kiểm tra (chạy thử)');
  const runBtn = h('button', { id: 'imp-run', type: 'button', class: 'btn btn-primary', disabled: true }, 'Nạp vào hệ thống');
  const tmplBtn = h('button', { id: 'imp-template', type: 'button', class: 'btn' }, 'Tải tệp mẫu (CSV)');
  const radios = Object.entries(KINDS).map(([key, k]) => h('label', { class: 'eval-check' },
    h('input', { type: 'radio', name: 'imp-kind', id: `imp-kind-${key}`, value: key, checked: key === kind }), k.label));

  ctx.main.append(
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Nạp kết quả, xếp loại từ tệp'),
      h('p', { class: 'subtitle' }, 'Tệp .xlsx, .csv (UTF-8) hoặc .json. Chạy thử trước; tệp chỉ được nạp khi mọi dòng hợp lệ.')),
    h('div', { class: 'head-tools' }, h('a', { class: 'btn', href: '#/eval/tasks' }, 'Giao nhiệm vụ'),
      h('a', { class: 'btn', href: '#/eval/verify' }, 'Kết quả chờ xác minh'))),
    h('fieldset', { class: 'eval-period imp-kind' }, h('legend', null, 'Loại dữ liệu'), radios),
    layout,
    h('div', { class: 'toolbar eval-toolbar' },
      h('div', { class: 'field field-compact' }, h('label', { for: 'imp-file' }, 'Tệp'), file),
      checkBtn, runBtn, tmplBtn),
    msg, out);

  function renderLayout() {
    const k = KINDS[kind];
    clear(layout).append(
      h('table', { class: 'table imp-layout', id: 'imp-layout-table' },
        h('caption', null, `Mẫu tệp: ${k.label} (dòng 1 là tiêu đề cột)`),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Cột'), h('th', { scope: 'col' }, 'Bắt buộc'), h('th', { scope: 'col' }, 'Cách ghi'))),
        h('tbody', null, k.columns.map((c) => h('tr', null, h('td', null, c[0]), h('td', null, c[1]), h('td', null, c[2]))))),
      kind === 'results'
        ? h('p', { class: 'hint' }, 'Kết quả nạp vào ở trạng thái «chưa xác minh», ghi nguồn và thời điểm trích xuất trên từng dòng; người kiểm chứng xác minh như kết quả tự báo cáo.')
        : h('p', { class: 'hint' }, 'Xếp loại các năm trước chỉ được lưu để tra cứu (không tính điểm). Năm 2010 – 7/2015: Luật CBCC 2008 Điều 58; 8/2015 – 8/2020: NĐ 56/2015; trước 2010: ghi nguyên văn mức trong quyết định.'));
  }

  function reset() {
    checked = null;
    runBtn.disabled = true;
    clear(out);
    clear(msg);
  }

  radios.forEach((l) => l.querySelector('input').addEventListener('change', (e) => {
    kind = e.target.value;
    state.set('kind', kind);
    renderLayout();
    reset();
  }));
  file.addEventListener('change', reset);
  tmplBtn.addEventListener('click', () => saveBlob(templateBlob(kind), KINDS[kind].template));

  async function send(dry) {
    const f = file.files[0];
    if (!f) throw new Error('Chọn một tệp để nạp.');
    const name = f.name.toLowerCase();
    const q = dry ? '?dry_run=1' : '';
    const base = KINDS[kind].path;
    if (name.endsWith('.json')) {
      let body;
      try { body = JSON.parse(await f.text()); } catch { throw new Error('Tệp .json không đúng cú pháp JSON.'); }
      if (Array.isArray(body)) body = { rows: body };
      return api('POST', base + q, body, { signal: ctx.signal });
    }
    const xlsx = name.endsWith('.xlsx');
    if (!xlsx && !name.endsWith('.csv')) throw new Error('Chỉ nhận tệp .xlsx, .csv hoặc .json.');
    return api('POST', `${base}.${xlsx ? 'xlsx' : 'csv'}${q}`, f, { signal: ctx.signal, headers: { 'Content-Type': xlsx ? CT_XLSX : 'text/csv' } });
  }

  function reportTable(e) {
    const rows = e.rows || [];
    return h('div', { id: 'imp-report' },
      h('p', null, `Có ${num(e.body?.error?.error_count ?? rows.length)} lỗi trong ${num(e.body?.error?.total ?? 0)} dòng dữ liệu; không dòng nào được ghi. Sửa tệp rồi kiểm tra lại.`),
      h('table', { class: 'table', id: 'imp-report-table' },
        h('caption', null, 'Các lỗi theo dòng và cột'),
        h('thead', null, h('tr', null, ['Dòng', 'Cột', 'Giá trị', 'Lỗi', 'Mã lỗi'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', null, rows.map((r) => h('tr', { 'data-row': r.row },
          h('td', null, String(r.row)), h('td', null, r.column || FIELD_LABEL[r.field] || r.field || ''), h('td', null, r.value || ''),
          h('td', null, r.message), h('td', null, h('code', null, r.code)))))),
      e.body?.error?.truncated ? h('p', { class: 'hint' }, 'Chỉ hiện 1.000 lỗi đầu tiên.') : null);
  }

  function previewTable(res) {
    const items = res.preview || [];
    const head = kind === 'results'
      ? ['Dòng', 'Nhiệm vụ', 'Người', 'Kỳ', 'Số lượng', 'Nguồn', 'Thời điểm trích xuất', 'Mã tham chiếu']
      : ['Dòng', 'Người', 'Năm', 'Chế độ đánh giá', 'Mức xếp loại', 'Điểm', 'Số quyết định', 'Nguồn'];
    const row = (p) => (kind === 'results'
      ? [p.row, `#${p.task_id}`, p.person_name, `${p.period_kind === 'month' ? 'Tháng' : 'Quý'} ${p.number}/${p.year}`, num(p.quantity), p.source,
        fmtStamp(p.extracted_at), p.external_ref || '']
      : [p.row, p.person_name, p.year, p.regime_name, p.level_name || p.level, fmtPoints(p.score_x100), p.decision_no || '', p.source || '']);
    return h('div', { id: 'imp-preview' },
      h('table', { class: 'table', id: 'imp-preview-table' },
        h('caption', null, `Xem trước (${num(items.length)} / ${num(res.valid)} dòng)`),
        h('thead', null, h('tr', null, head.map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', null, items.map((p) => h('tr', null, row(p).map((c) => h('td', null, String(c ?? ''))))))));
  }

  checkBtn.addEventListener('click', async () => {
    reset();
    checkBtn.disabled = true;
    try {
      const res = await send(true);
      checked = { file: file.files[0], kind };
      runBtn.disabled = false;
      showOk(msg, `Chạy thử: ${num(res.valid)} dòng hợp lệ, chưa ghi gì. Bấm «Nạp vào hệ thống» để ghi.`);
      out.append(previewTable(res));
      announce(`${res.valid} dòng hợp lệ`);
    } catch (e) {
      if (e.name === 'AbortError') return;
      showError(msg, e);
      if (e.code === 'rows_invalid') out.append(reportTable(e));
    } finally {
      checkBtn.disabled = false;
    }
  });

  runBtn.addEventListener('click', async () => {
    if (!checked || checked.file !== file.files[0] || checked.kind !== kind) { reset(); return; }
    runBtn.disabled = true;
    try {
      const res = await send(false);
      clear(out);
      showOk(msg, kind === 'results'
        ? `Đã nạp ${num(res.count)} kết quả (chưa xác minh).`
        : `Đã ghi ${num(res.count)} kết quả xếp loại.`);
      out.append(previewTable(res),
        kind === 'results' ? h('p', null, h('a', { href: '#/eval/verify' }, 'Đến danh sách kết quả chờ xác minh')) : null);
      checked = null;
      announce(`Đã nạp ${res.count} dòng`);
    } catch (e) {
      if (e.name === 'AbortError') return;
      showError(msg, e);
      if (e.code === 'rows_invalid') out.append(reportTable(e));
    }
  });

  renderLayout();
}
