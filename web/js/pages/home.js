// Tổng quan: the user's scope and the counts that matter, each linking to
// the list behind it (GET /api/v1/stats/dashboard).
import { get, unitsNow } from '../api.js';
import { h, fmtDate, fmtNum, fmtCoef, sexName } from '../util.js';
import { replaceQuery } from '../main.js';
import { remindersBox } from './eval_reminders.js';

function quarterName(fromIso) {
  const m = +fromIso.slice(5, 7);
  return `Quý ${['I', 'II', 'III', 'IV'][Math.floor((m - 1) / 3)]}/${fromIso.slice(0, 4)}`;
}

function card(id, label, value, href, sub) {
  return h('a', { class: 'stat', href, id }, h('span', { class: 'stat-label' }, label),
    h('span', { class: 'stat-value' }, value), sub ? h('span', { class: 'stat-sub' }, sub) : null);
}

function personCell(p) {
  return h('td', null, h('a', { href: `#/people/${p.id}` }, p.full_name));
}

function miniTable(caption, cols, rows, more) {
  if (!rows.length) return h('section', { class: 'panel' }, h('h2', null, caption), h('p', { class: 'muted' }, 'Không có ai.'));
  return h('section', { class: 'panel' }, h('h2', null, caption),
    h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('thead', null, h('tr', null, cols.map(([t]) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, rows.map((r) => h('tr', null, cols.map(([, f]) => f(r))))))),
    more);
}

export async function homePage(ctx) {
  ctx.setTitle('Tổng quan');
  const unit = ctx.query.get('unit');
  const q = unit ? `?unit=${encodeURIComponent(unit)}` : '';
  const d = await get('/stats/dashboard' + q, { signal: ctx.signal });
  const u = d.scope.unit;
  const withUnit = (base) => base + (u ? (base.includes('?') ? '&' : '?') + 'unit=' + u.id : '');

  const scopeText = u ? [h('strong', null, u.name), ' và các đơn vị trực thuộc'] : [h('strong', null, 'Toàn bộ các đơn vị'), ' (quản trị hệ thống)'];
  const picker = h('select', { id: 'dash-unit', 'aria-label': 'Xem theo đơn vị' }, h('option', { value: '' }, 'Toàn bộ phạm vi quản lý'));
  picker.addEventListener('change', () => {
    const qq = new URLSearchParams();
    if (picker.value) qq.set('unit', picker.value);
    location.hash = '#/' + (qq.toString() ? '?' + qq : '');
  });
  unitsNow().then((items) => {
    for (const it of items.filter((x) => x.depth <= 1)) {
      picker.appendChild(h('option', { value: it.id, selected: String(it.id) === unit }, (it.depth ? '\u00a0\u00a0\u00a0' : '') + it.name));
    }
  }).catch(() => {});

  const v = d.vacancies;
  const cards = h('div', { class: 'stats' },
    card('stat-people', 'Cán bộ, công chức, viên chức đang công tác', fmtNum(d.people.count), withUnit('#/people')),
    card('stat-vacancies', 'Biên chế còn trống', fmtNum(v.count), withUnit('#/vacancies'),
      `Biên chế giao ${fmtNum(v.quota)}, hiện có ${fmtNum(v.headcount)}` + (v.units_over ? `; ${fmtNum(v.units_over)} đơn vị vượt biên chế` : '')),
    card('stat-retirements', 'Nghỉ hưu trong 6 tháng tới', fmtNum(d.retirements.count), withUnit('#/people?list=retirements'),
      `Từ ${fmtDate(d.retirements.from)} đến ${fmtDate(d.retirements.to)}`),
    card('stat-terms', 'Hết nhiệm kỳ bổ nhiệm trong 90 ngày', fmtNum(d.terms_ending.count), withUnit('#/people?list=terms_ending'),
      `Đến ${fmtDate(d.terms_ending.to)}`),
    card('stat-salary', `Đến hạn nâng lương ${quarterName(d.salary_steps.from)}`, fmtNum(d.salary_steps.count), withUnit('#/people?list=salary_steps'),
      `Từ ${fmtDate(d.salary_steps.from)} đến ${fmtDate(d.salary_steps.to)}`));

  // "Việc cần làm" (GET /eval/reminders), filled in when it arrives.
  const todo = h('div', { id: 'todo-slot' });
  remindersBox(ctx.signal).then((box) => todo.replaceWith(box)).catch(() => {});
  const moreLink = (n, href) => (n > 10 ? h('p', null, h('a', { href }, `Xem tất cả ${fmtNum(n)} người`)) : null);
  ctx.main.append(
    h('div', { class: 'page-head' }, h('h1', null, 'Tổng quan'),
      h('div', { class: 'head-tools' }, h('label', { for: 'dash-unit', class: 'inline-label' }, 'Đơn vị'), picker)),
    h('p', { class: 'scope-line' }, 'Phạm vi quản lý: ', ...scopeText, `. Số liệu ngày ${fmtDate(d.as_of)}.`),
    cards,
    todo,
    h('div', { class: 'grid-2' },
      miniTable('Sắp nghỉ hưu', [
        ['Họ và tên', personCell],
        ['Ngày sinh', (p) => h('td', null, fmtDate(p.birth_date))],
        ['Giới tính', (p) => h('td', null, sexName(p.sex))],
        ['Đơn vị', (p) => h('td', null, p.unit_name || '')],
        ['Nghỉ hưu từ', (p) => h('td', null, fmtDate(p.retire_date))],
      ], d.retirements.items.slice(0, 10), moreLink(d.retirements.count, withUnit('#/people?list=retirements'))),
      miniTable('Sắp hết nhiệm kỳ', [
        ['Họ và tên', personCell],
        ['Chức vụ', (p) => h('td', null, p.title_name || '')],
        ['Đơn vị', (p) => h('td', null, p.unit_name || '')],
        ['Bổ nhiệm từ', (p) => h('td', null, fmtDate(p.title_since))],
        ['Hết nhiệm kỳ', (p) => h('td', null, fmtDate(p.term_end))],
      ], d.terms_ending.items.slice(0, 10), moreLink(d.terms_ending.count, withUnit('#/people?list=terms_ending'))),
      miniTable('Đến hạn nâng lương', [
        ['Họ và tên', personCell],
        ['Ngạch', (p) => h('td', null, p.rank_name || p.rank_code || '')],
        ['Bậc hiện tại', (p) => h('td', { class: 'num' }, p.salary_step ?? '')],
        ['Mức mới', (p) => h('td', null, p.at_top ? `Vượt khung ${p.vk_percent}%` : `Bậc ${p.next_step} (${fmtCoef(p.next_coef_x100)})`)],
        ['Ngày đến hạn', (p) => h('td', null, fmtDate(p.due))],
      ], d.salary_steps.items.slice(0, 10), moreLink(d.salary_steps.count, withUnit('#/people?list=salary_steps'))),
      miniTable('Đơn vị còn nhiều biên chế', [
        ['Đơn vị', (x) => h('td', null, h('a', { href: `#/people?unit=${x.unit_id}` }, x.name))],
        ['Biên chế', (x) => h('td', { class: 'num' }, fmtNum(x.quota))],
        ['Hiện có', (x) => h('td', { class: 'num' }, fmtNum(x.headcount))],
        ['Còn trống', (x) => h('td', { class: 'num' }, fmtNum(x.vacancy))],
      ], v.items.slice(0, 10), h('p', null, h('a', { href: withUnit('#/vacancies') }, 'Xem biên chế mọi đơn vị')))));
  if (unit) replaceQuery('/', ctx.query);
}
