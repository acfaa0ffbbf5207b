// Biên chế: every unit in scope with its quota, headcount and free places.
import { get } from '../api.js';
import { h, fmtNum, fmtDate } from '../util.js';
import { sortableTable } from '../table.js';

export async function vacanciesPage(ctx) {
  ctx.setTitle('Biên chế');
  const unit = ctx.query.get('unit');
  const items = [];
  let res;
  for (let page = 1; page < 200; page++) {
    res = await get(`/stats/dashboard/vacancies?per_page=500&page=${page}` + (unit ? `&unit=${encodeURIComponent(unit)}` : ''), { signal: ctx.signal });
    items.push(...res.items);
    if (items.length >= res.total || !res.items.length) break;
  }
  ctx.main.append(
    h('div', { class: 'page-head' }, h('h1', null, 'Biên chế theo đơn vị')),
    h('p', { class: 'scope-line' }, res.scope.unit ? `Đơn vị: ${res.scope.unit.name} và các đơn vị trực thuộc. ` : 'Toàn bộ các đơn vị. ',
      `Biên chế giao ${fmtNum(res.quota)}, hiện có ${fmtNum(res.headcount)}, còn trống ${fmtNum(res.open)} chỗ`,
      res.units_over ? `; ${fmtNum(res.units_over)} đơn vị vượt biên chế.` : '.'),
    sortableTable({
      id: 'vacancy-table',
      caption: `Số liệu ngày ${fmtDate(new Date().toISOString().slice(0, 10))}`,
      rows: items,
      columns: [
        { key: 'name', label: 'Đơn vị', cell: (x) => h('a', { href: `#/people?unit=${x.unit_id}` }, x.name) },
        { key: 'quota', label: 'Biên chế', num: true, cell: (x) => fmtNum(x.quota) },
        { key: 'headcount', label: 'Hiện có', num: true, cell: (x) => fmtNum(x.headcount) },
        { key: 'vacancy', label: 'Còn trống (âm: vượt)', num: true, cell: (x) => fmtNum(x.vacancy) },
      ],
      csvName: 'bien-che.csv',
    }));
}
