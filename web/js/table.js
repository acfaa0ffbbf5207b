// A table whose rows are all on the client: sort by a column (click or
// Enter on the header button), and export what is shown to CSV.
import { h, clear, compareVi, saveBlob } from './util.js';

function csvCell(v) {
  let s = String(v ?? '');
  if (/^[=+\-@]/.test(s)) s = "'" + s; // neutralise formulas
  return /[",;\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(columns, rows) {
  const text = (c, r) => (c.text ? c.text(r) : r[c.key]);
  const lines = [columns.map((c) => csvCell(c.label)).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvCell(text(c, r))).join(','));
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

/** columns: [{key, label, num, cell(row) -> node|string, text(row) -> string, sortValue(row)}] */
export function sortableTable({ id, caption, columns, rows, csvName }) {
  let sortKey = null, dir = 1;
  const tbody = h('tbody');
  const heads = columns.map((c) => {
    const btn = h('button', { type: 'button', class: 'sort-btn' }, c.label);
    const th = h('th', { scope: 'col', class: c.num ? 'num' : null, 'aria-sort': 'none' }, btn);
    btn.addEventListener('click', () => {
      if (sortKey === c.key) dir = -dir; else { sortKey = c.key; dir = 1; }
      for (const t of heads) t.setAttribute('aria-sort', 'none');
      th.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');
      render();
    });
    return th;
  });
  function sorted() {
    if (!sortKey) return rows;
    const c = columns.find((x) => x.key === sortKey);
    const val = c.sortValue || ((r) => r[c.key]);
    return [...rows].sort((a, b) => {
      const x = val(a), y = val(b);
      const r = typeof x === 'number' && typeof y === 'number' ? x - y : compareVi(x, y);
      return r * dir;
    });
  }
  function render() {
    clear(tbody);
    for (const r of sorted()) {
      tbody.appendChild(h('tr', null, columns.map((c) => h('td', { class: c.num ? 'num' : null }, c.cell ? c.cell(r) : r[c.key] ?? ''))));
    }
    if (!rows.length) tbody.appendChild(h('tr', null, h('td', { colspan: columns.length, class: 'muted' }, 'Không có dữ liệu.')));
  }
  render();
  const table = h('table', { class: 'table', id }, caption ? h('caption', null, caption) : null, h('thead', null, h('tr', null, heads)), tbody);
  const tools = csvName ? h('div', { class: 'table-tools' }, h('button', {
    type: 'button', class: 'btn',
    onclick: () => saveBlob(new Blob([toCsv(columns, sorted())], { type: 'text/csv;charset=utf-8' }), csvName),
  }, 'Xuất CSV')) : null;
  return h('div', null, tools, h('div', { class: 'table-wrap' }, table));
}
