// The published results of an exam, open to everyone: registration number,
// score and result only (no names, no anonymous codes).
import { get } from '../api.js';
import { h, fmtDate } from '../util.js';
import { fmtPts, fmtLocalDay } from './exam_grading_common.js';

export async function examPublicResultsPage(ctx) {
  const id = ctx.params[0];
  ctx.setTitle('Kết quả thi');
  const r = await get(`/exams/${id}/results/public`, { signal: ctx.signal, auth401: false });
  const r2 = r.items.some((x) => x.rank !== undefined);
  ctx.main.append(
    h('div', { class: 'page-head' }, h('h1', null, `Kết quả: ${r.title}`)),
    h('p', { class: 'scope-line' }, `Ngày thi ${fmtDate(r.reference_date)}; công bố ngày ${fmtLocalDay(r.published_at)}. Danh sách theo số báo danh.`),
    h('div', { class: 'table-wrap' }, h('table', { class: 'table public-results', id: 'public-results' },
      h('thead', null, h('tr', null, h('th', null, 'Số báo danh'), r2 ? h('th', null, 'Vị trí') : null, h('th', { class: 'num' }, 'Điểm (thang 100)'),
        r2 ? h('th', { class: 'num' }, 'Ưu tiên') : null, r2 ? h('th', { class: 'num' }, 'Tổng điểm') : null, r2 ? h('th', { class: 'num' }, 'Hạng') : null,
        h('th', null, 'Kết quả'))),
      h('tbody', null, r.items.map((x) => h('tr', null, h('td', null, x.reg_no), r2 ? h('td', null, x.position || '') : null,
        h('td', { class: 'num' }, fmtPts(x.score)), r2 ? h('td', { class: 'num' }, fmtPts(x.priority_points)) : null,
        r2 ? h('td', { class: 'num' }, fmtPts(x.total)) : null, r2 ? h('td', { class: 'num' }, x.rank || '') : null,
        h('td', null, x.result || '')))))));
}
