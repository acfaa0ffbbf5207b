// Nhắc việc and deadlines of the evaluation workflow:
//   remindersBox()      the small "Việc cần làm" box (home page, staff's own page)
//   #/eval/reminders    what awaits the current user (GET /eval/reminders)
//   #/eval/deadlines    deadlines of each step per unit and period (officer, admin:
//                       GET / POST /eval/deadlines)
import { get, post, canWrite, session } from '../api.js';
import { h, clear, fmtDate, parseDate, announce } from '../util.js';
import { replaceQuery } from '../main.js';
import { sortableTable } from '../table.js';
import { ACTIONS, STATES, periodName, periodFrom, periodPicker, unitSelect, field, errorBox, showError, showOk, num } from './eval_common.js';

export const KIND_NAMES = { self_assessment: 'Tự đánh giá', review: 'Nhận xét, đánh giá', verification: 'Xác minh kết quả' };
export const STEP_NAMES = { self: 'Tự đánh giá', manager: 'Quản lý trực tiếp nhận xét (và xác minh kết quả)', head: 'Người đứng đầu đánh giá', approval: 'Phê duyệt (kể cả Hội đồng)' };

// sortableTable shows r[key] unless a cell is given: show the text form.
const cols = (cs) => cs.map((c) => ({ cell: c.text, ...c }));
const pq = (it) => `kind=${it.period_kind}&year=${it.year}&number=${it.number}`;

/** Where an item of /eval/reminders is acted upon. */
export function reminderHref(it) {
  if (it.kind === 'verification') return `#/eval/verify?${pq(it)}`;
  return `#/eval/people/${it.person_id}/period?${pq(it)}`;
}

function stepName(it) {
  if (it.kind === 'verification') return 'Xác minh kết quả';
  if (it.kind === 'self_assessment') return it.state === 'returned' ? 'Tự đánh giá lại (bị trả lại)' : 'Tự đánh giá';
  return ACTIONS[it.step] || it.step;
}

function dueCell(it) {
  if (!it.due) return h('span', { class: 'muted' }, 'Chưa đặt hạn');
  return it.overdue ? h('span', { class: 'eval-overdue' }, `${fmtDate(it.due)} (quá hạn)`) : fmtDate(it.due);
}

/** The "Việc cần làm" box: counts by kind, overdue in red, links. */
export async function remindersBox(signal) {
  const box = h('section', { class: 'panel eval-todo', id: 'todo-box', 'aria-labelledby': 'todo-h' },
    h('h2', { id: 'todo-h' }, 'Việc cần làm'));
  let r;
  try { r = await get('/eval/reminders', { signal }); } catch (e) {
    if (e.name === 'AbortError') return box;
    box.appendChild(h('p', { class: 'muted' }, 'Chưa tải được danh sách việc cần làm.'));
    return box;
  }
  const c = r.counts;
  const total = c.self_assessment + c.review + c.verification;
  if (!total) {
    box.appendChild(h('p', { class: 'muted' }, 'Không có việc đánh giá nào đang chờ bạn.'));
    return box;
  }
  const first = (kind) => r.items.find((it) => it.kind === kind);
  const overdueOf = (kind) => r.items.filter((it) => it.kind === kind && it.overdue).length;
  const line = (kind, n, href) => {
    if (!n) return null;
    const late = overdueOf(kind);
    return h('li', { 'data-kind': kind }, h('a', { href }, `${KIND_NAMES[kind]}: ${num(n)}`),
      late ? h('span', { class: 'eval-overdue' }, ` — ${num(late)} quá hạn`) : null);
  };
  const selfFirst = first('self_assessment');
  box.append(
    h('ul', { class: 'eval-todo-list' },
      line('self_assessment', c.self_assessment, selfFirst ? reminderHref(selfFirst) : '#/eval/reminders'),
      line('review', c.review, '#/eval/reminders'),
      line('verification', c.verification, '#/eval/verify')),
    c.overdue ? h('p', { class: 'eval-overdue', id: 'todo-overdue' }, `${num(c.overdue)} việc đã quá hạn.`) : null,
    h('p', null, h('a', { href: '#/eval/reminders' }, 'Xem tất cả việc cần làm')));
  return box;
}

export async function evalRemindersPage(ctx) {
  ctx.setTitle('Nhắc việc đánh giá');
  ctx.main.classList.add('wide');
  const r = await get('/eval/reminders', { signal: ctx.signal });
  const c = r.counts;
  ctx.main.append(
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Nhắc việc đánh giá'),
      h('p', { class: 'subtitle' }, `Các việc đang chờ bạn, tính đến ngày ${fmtDate(r.today)}.`)),
      canWrite() ? h('div', { class: 'head-tools' }, h('a', { class: 'btn', href: '#/eval/deadlines' }, 'Thời hạn đánh giá')) : null),
    h('ul', { class: 'eval-todo-list eval-todo-counts' },
      Object.keys(KIND_NAMES).map((k) => h('li', null, `${KIND_NAMES[k]}: `, h('strong', null, num(c[k])))),
      h('li', { class: c.overdue ? 'eval-overdue' : null }, 'Quá hạn: ', h('strong', null, num(c.overdue)))));
  ctx.main.appendChild(h('section', { class: 'panel', 'aria-labelledby': 'rem-h' }, h('h2', { id: 'rem-h' }, 'Danh sách việc'),
    sortableTable({
      id: 'reminders-table', caption: `${num(r.items.length)} việc` + (r.items.length >= r.limit ? ` (mỗi loại tối đa ${num(r.limit)})` : ''),
      columns: cols([
        { key: 'kind', label: 'Loại việc', text: (it) => KIND_NAMES[it.kind] || it.kind },
        { key: 'step', label: 'Bước', text: stepName, cell: (it) => h('a', { href: reminderHref(it) }, stepName(it)) },
        { key: 'full_name', label: 'Người', cell: (it) => it.full_name + (it.title ? ` — ${it.title}` : ''), text: (it) => it.full_name },
        { key: 'period', label: 'Kỳ', text: (it) => periodName(it.period_kind, it.number, it.year), sortValue: (it) => `${it.year}-${it.period_kind}-${String(it.number).padStart(2, '0')}` },
        { key: 'state', label: 'Trạng thái', text: (it) => (it.kind === 'verification' ? `Số lượng ${num(it.quantity)}` : it.state ? STATES[it.state] || it.state : 'Chưa mở phiếu') },
        { key: 'due', label: 'Hạn', cell: dueCell, text: (it) => (it.due ? fmtDate(it.due) + (it.overdue ? ' (quá hạn)' : '') : ''), sortValue: (it) => it.due || '9999' },
      ]),
      rows: r.items,
    })));
}

export async function evalDeadlinesPage(ctx) {
  ctx.setTitle('Thời hạn đánh giá');
  ctx.main.classList.add('wide');
  const state = new URLSearchParams(ctx.query);
  let unit = state.get('unit') || (session.scope?.units?.[0]?.id ?? session.user.unit_id ?? '');
  let period = periodFrom(state);
  const body = h('div', { id: 'deadlines-body' });
  const msg = errorBox('deadline-msg');
  const save = () => {
    state.set('unit', unit); state.set('kind', period.kind); state.set('year', period.year); state.set('number', period.number);
    replaceQuery('/eval/deadlines', state);
  };
  const unitSel = await unitSelect('dl-unit', unit, (v) => { unit = v; save(); render(); }, ctx.signal);
  const step = h('select', { id: 'dl-step' }, Object.entries(STEP_NAMES).map(([k, v]) => h('option', { value: k }, v)));
  const due = h('input', { id: 'dl-due', placeholder: 'dd/mm/yyyy', autocomplete: 'off', required: true });
  const form = h('form', { id: 'deadline-form', class: 'add-form', novalidate: true },
    h('h2', null, 'Đặt hoặc dời thời hạn'),
    h('div', { class: 'form-grid' }, field('dl-step', 'Bước', step), field('dl-due', 'Hạn (hết ngày)', due, 'Ngày/tháng/năm. Áp dụng cho đơn vị và các đơn vị trực thuộc, trừ đơn vị có hạn riêng.')),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Lưu thời hạn')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    due.removeAttribute('aria-invalid');
    if (!unit) { showError(msg, 'Chọn một đơn vị.'); return; }
    const d = parseDate(due.value);
    if (!d) { due.setAttribute('aria-invalid', 'true'); showError(msg, 'Hạn phải là ngày hợp lệ dạng dd/mm/yyyy.'); due.focus(); return; }
    try {
      const res = await post('/eval/deadlines', { unit_id: +unit, period_kind: period.kind, year: period.year, number: period.number, step: step.value, due: d });
      const text = res.previous_due ? `Đã dời hạn từ ${fmtDate(res.previous_due)} sang ${fmtDate(res.due)}.` : `Đã đặt hạn ${fmtDate(res.due)}.`;
      await render();
      showOk(msg, text);
      announce(text);
    } catch (err) { showError(msg, err); }
  });
  ctx.main.append(
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Thời hạn đánh giá'),
      h('p', { class: 'subtitle' }, 'Hạn của từng bước (tự đánh giá, nhận xét, đánh giá, phê duyệt) theo đơn vị và kỳ.')),
      h('div', { class: 'head-tools' }, h('a', { class: 'btn', href: '#/eval/reminders' }, 'Nhắc việc'))),
    h('div', { class: 'toolbar eval-toolbar' },
      h('div', { class: 'field field-compact' }, h('label', { for: 'dl-unit' }, 'Đơn vị'), unitSel),
      periodPicker(period, (p) => { period = p; save(); render(); }, 'dl-period')),
    msg,
    canWrite() ? h('section', { class: 'panel' }, form) : null,
    body);

  async function render() {
    clear(body);
    if (!unit) { body.appendChild(h('p', { class: 'muted' }, 'Chọn một đơn vị.')); return; }
    const r = await get(`/eval/deadlines?unit=${unit}&year=${period.year}`, { signal: ctx.signal });
    body.appendChild(h('section', { class: 'panel', 'aria-labelledby': 'dl-h' }, h('h2', { id: 'dl-h' }, `Thời hạn năm ${period.year}`),
      sortableTable({
        id: 'deadline-table', caption: `${num(r.items.length)} thời hạn của đơn vị và các đơn vị trực thuộc`,
        columns: cols([
          { key: 'unit_name', label: 'Đơn vị' },
          { key: 'period', label: 'Kỳ', text: (d) => periodName(d.period_kind, d.number, d.year), sortValue: (d) => `${d.period_kind}-${String(d.number).padStart(2, '0')}` },
          { key: 'step', label: 'Bước', text: (d) => STEP_NAMES[d.step] || d.step },
          { key: 'due', label: 'Hạn', text: (d) => fmtDate(d.due), sortValue: (d) => d.due },
          { key: 'set_by', label: 'Người đặt', text: (d) => `${d.set_by}, ${fmtDate(String(d.set_at).slice(0, 10))}` },
        ]),
        rows: r.items,
      })));
  }

  save();
  await render();
}
