// Shared by the year results' pages (publication, peers, flags): the page
// hub, the stylesheet, year and unit helpers, level names.
import { role, unitsNow } from '../api.js';
import { h } from '../util.js';

/** index.html does not link this feature's stylesheet: add it once. */
export function ensureStyles() {
  if (document.getElementById('eval-reports-css')) return;
  document.head.appendChild(h('link', { id: 'eval-reports-css', rel: 'stylesheet', href: '/css/eval-reports.css' }));
}

export const LEVEL_KEYS = ['HTXS', 'HTT', 'HTNV', 'KHT'];

/** The year in the address, else the current one. */
export function yearFrom(query) {
  const y = +query.get('year');
  return y >= 2000 && y <= 2100 ? y : new Date().getFullYear();
}

/** A year input calling onChange(year) with valid years only. */
export function yearInput(id, year, onChange) {
  const el = h('input', { id, type: 'number', min: 2000, max: 2100, value: String(year), class: 'eval-year' });
  el.addEventListener('change', () => { const y = +el.value; if (y >= 2000 && y <= 2100) onChange(y); });
  return el;
}

/** id -> unit name for the units in scope (empty for staff, who read no unit tree). */
export async function unitNames() {
  if (role() === 'staff') return new Map();
  try { return new Map((await unitsNow()).map((u) => [u.id, u.name])); } catch { return new Map(); }
}

export const PAGES = [
  ['#/eval/published', 'Kết quả xếp loại đã công bố', 'Bảng kết quả xếp loại năm đã được công bố đến đơn vị, các lần công bố.', ['admin', 'officer', 'leader', 'staff']],
  ['#/eval/peers', 'So sánh vị trí tương đương', 'Phân bố điểm, mức xếp loại của những người cùng vị trí việc làm hoặc nhóm ngạch; phân vị của một người.', ['admin', 'officer', 'leader']],
  ['#/eval/flags', 'Cảnh báo sau đánh giá', 'Diện xem xét tinh giản (KHT), dưới ngưỡng hai lần (đào tạo lại), kết quả bất thường cho người xác minh.', ['admin', 'officer', 'leader']],
];

/** The hub: the pages this role can open. */
export async function evalReportsHubPage(ctx) {
  ensureStyles();
  ctx.setTitle('Kết quả đánh giá');
  const mine = PAGES.filter((p) => p[3].includes(role()));
  ctx.main.append(
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Kết quả đánh giá'),
      h('p', { class: 'subtitle' }, 'Sau khi Hội đồng quyết định kết quả xếp loại năm: công bố, so sánh với vị trí tương đương, cảnh báo.'))),
    h('ul', { class: 'er-hub', id: 'er-hub' }, mine.map(([href, title, text]) =>
      h('li', { class: 'panel' }, h('h2', null, h('a', { href }, title)), h('p', { class: 'muted' }, text)))));
}
