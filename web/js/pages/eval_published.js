// Kết quả xếp loại đã công bố: the published year results of a unit
// (GET /eval/units/{id}/ratings/published). Officers, leaders and admins
// choose among the units in scope and see the full rows; staff read their
// own unit and the units whose publication of the year they may read
// (GET /eval/publications), and see STT, name, post, unit, score and final level only.
import { get, role, session } from '../api.js';
import { h, clear, fmtDateTime, fmtNum, announce } from '../util.js';
import { replaceQuery } from '../main.js';
import { sortableTable } from '../table.js';
import { unitSelect, BANDS, bandBadge, REGIMES, errorBox, showError } from './eval_common.js';
import { ensureStyles, yearFrom, yearInput, LEVEL_KEYS } from './eval_reports_common.js';

export async function evalPublishedPage(ctx) {
  ensureStyles();
  ctx.setTitle('Kết quả xếp loại đã công bố');
  ctx.main.classList.add('wide');
  const state = new URLSearchParams(ctx.query);
  let unit = state.get('unit') || '';
  let year = yearFrom(state);
  let version = state.get('version') || '';
  const msg = errorBox('pub-msg');
  const body = h('div', { id: 'pub-body' });
  const save = () => {
    if (ctx.signal.aborted) return; // a late event of a page already left
    if (unit) state.set('unit', unit); else state.delete('unit');
    state.set('year', year);
    if (version) state.set('version', version); else state.delete('version');
    replaceQuery('/eval/published', state);
  };

  let unitCtl;
  if (role() === 'staff') {
    // Staff read no unit tree: their own unit (from their record), and a unit given in the address.
    const me = session.user.person_id ? await get(`/people/${session.user.person_id}`, { signal: ctx.signal }).catch(() => null) : null;
    const opts = [];
    if (me?.unit_id) opts.push([String(me.unit_id), me.unit_name || `Đơn vị #${me.unit_id}`]);
    // Publications of the year this user may read (e.g. a parent unit's board).
    const pubs = await get(`/eval/publications?year=${year}`, { signal: ctx.signal }).catch(() => ({ items: [] }));
    for (const p of pubs.items) if (!opts.some(([v]) => v === String(p.unit_id))) opts.push([String(p.unit_id), `${p.unit_name} (đã công bố)`]);
    if (unit && !opts.some(([v]) => v === unit)) opts.push([unit, `Đơn vị #${unit} (theo đường dẫn được gửi)`]);
    if (!unit && opts.length) unit = opts[0][0];
    unitCtl = h('select', { id: 'pub-unit' }, opts.map(([v, t]) => h('option', { value: v, selected: v === unit }, t)));
    unitCtl.addEventListener('change', () => { unit = unitCtl.value; version = ''; save(); render(); });
  } else {
    if (!unit && role() !== 'admin' && session.user.unit_id) unit = String(session.user.unit_id);
    unitCtl = await unitSelect('pub-unit', unit, (v) => { unit = v; version = ''; save(); render(); }, ctx.signal);
  }
  const yearIn = yearInput('pub-year', year, (y) => { year = y; version = ''; save(); render(); });

  ctx.main.append(
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Kết quả xếp loại đã công bố'),
      h('p', { class: 'subtitle' }, 'Kết quả đánh giá, xếp loại chất lượng năm do Hội đồng quyết định, công bố đến đơn vị. Mỗi lần công bố được lưu nguyên vẹn; công bố lại sau khi đính chính tạo lần công bố mới.'))),
    h('div', { class: 'toolbar' },
      h('div', { class: 'field field-compact' }, h('label', { for: 'pub-unit' }, 'Đơn vị'), unitCtl),
      h('div', { class: 'field field-compact' }, h('label', { for: 'pub-year' }, 'Năm'), yearIn)),
    msg, body);

  async function render() {
    if (ctx.signal.aborted) return;
    clear(body);
    clear(msg);
    if (!unit) { body.appendChild(h('p', { class: 'muted' }, 'Chọn một đơn vị.')); return; }
    body.appendChild(h('p', { class: 'loading' }, 'Đang tải…'));
    let pub;
    try {
      pub = await get(`/eval/units/${unit}/ratings/published?year=${year}` + (version ? `&version=${version}` : ''), { signal: ctx.signal });
    } catch (e) {
      if (e.name === 'AbortError') return;
      clear(body);
      if (e.status === 404) {
        body.appendChild(h('p', { class: 'muted', id: 'pub-none' }, e.code === 'not_published'
          ? `Kết quả xếp loại năm ${year} của đơn vị chưa được công bố.`
          : 'Không tìm thấy kết quả công bố của đơn vị này trong phạm vi của bạn.'));
      } else showError(msg, e);
      return;
    }
    clear(body);
    const full = pub.view === 'full';
    const verSel = h('select', { id: 'pub-version' }, [...pub.versions].reverse().map((v) =>
      h('option', { value: v.version, selected: v.version === pub.version },
        `Lần ${v.version} — ${fmtDateTime(v.published_at)}${v.version === pub.versions[pub.versions.length - 1].version ? ' (mới nhất)' : ''}`)));
    verSel.addEventListener('change', () => { version = verSel.value; save(); render(); });
    const t = pub.summary?.totals || {};
    const regime = REGIMES[pub.regime] || pub.regime || '';
    body.append(
      h('section', { class: 'panel er-pub-head', id: 'pub-head', 'aria-label': 'Thông tin công bố' },
        h('div', { class: 'er-pub-title' },
          h('p', { class: 'muted' }, pub.agency_name || ''),
          h('h2', null, `Kết quả xếp loại năm ${pub.year} — ${pub.unit_name}`)),
        h('dl', { class: 'facts' },
          h('div', { class: 'fact' }, h('dt', null, h('label', { for: 'pub-version' }, 'Lần công bố')), h('dd', null, verSel)),
          h('div', { class: 'fact' }, h('dt', null, 'Ngày công bố'), h('dd', { id: 'pub-date' }, fmtDateTime(pub.published_at))),
          h('div', { class: 'fact' }, h('dt', null, 'Phiên bản'), h('dd', { id: 'pub-ver' }, `Lần ${pub.version} / ${pub.versions.length}`)),
          regime ? h('div', { class: 'fact' }, h('dt', null, 'Căn cứ'), h('dd', null, regime)) : null,
          h('div', { class: 'fact' }, h('dt', null, 'Số người'), h('dd', { id: 'pub-rows' }, fmtNum(pub.rows.length))),
          full && pub.published_by_name ? h('div', { class: 'fact' }, h('dt', null, 'Người công bố'), h('dd', null, pub.published_by_name)) : null),
        pub.note ? h('p', { class: 'er-pub-note', id: 'pub-note' }, h('strong', null, 'Ghi chú: '), pub.note) : null,
        pub.exception_no ? h('p', null, `Giới hạn HTXS nâng lên ${pub.limit_percent}% theo Quyết định số ${pub.exception_no}.`) : null),
      h('section', { class: 'panel', 'aria-labelledby': 'pub-totals-h' }, h('h2', { id: 'pub-totals-h' }, 'Tổng hợp kết quả'),
        h('div', { class: 'table-wrap' }, h('table', { class: 'table er-totals', id: 'pub-totals' },
          h('thead', null, h('tr', null, LEVEL_KEYS.map((l) => h('th', { scope: 'col', class: 'num' }, h('abbr', { title: BANDS[l] }, l))),
            h('th', { scope: 'col', class: 'num' }, 'Khác'), h('th', { scope: 'col', class: 'num' }, 'Tổng số'))),
          h('tbody', null, h('tr', null, LEVEL_KEYS.map((l) => h('td', { class: 'num', 'data-level': l }, fmtNum(t[l] ?? 0))),
            h('td', { class: 'num' }, fmtNum(t.other ?? 0)), h('td', { class: 'num', 'data-level': 'total' }, fmtNum(t.total ?? pub.rows.length)))))),
        (pub.summary?.cap_lines || []).length ? h('ul', { class: 'er-cap-lines' }, pub.summary.cap_lines.map((c) => h('li', null, c))) : null),
      h('section', { class: 'panel', 'aria-labelledby': 'pub-table-h' }, h('h2', { id: 'pub-table-h' }, 'Danh sách kết quả'),
        full ? null : h('p', { class: 'hint' }, 'Bạn xem kết quả với tư cách thành viên đơn vị: họ tên, chức vụ, đơn vị, điểm và mức xếp loại.'),
        sortableTable({ id: 'pub-table', csvName: `ket-qua-cong-bo-${pub.year}-lan-${pub.version}.csv`, columns: columns(full, pub.year), rows: pub.rows })));
    announce(`Kết quả công bố lần ${pub.version}, ${pub.rows.length} người.`);
  }

  save();
  await render();
}

function columns(full, year) {
  const level = (r) => r.final_level || '';
  const cols = [
    { key: 'seq', label: 'STT', num: true },
    { key: 'name', label: 'Họ và tên', cell: (r) => (full && r.person_id ? h('a', { href: `#/people/${r.person_id}` }, r.name) : r.name), text: (r) => r.name },
    { key: 'post', label: 'Chức vụ, chức danh', cell: (r) => r.post || '', text: (r) => r.post || '' },
    { key: 'unit', label: 'Đơn vị', cell: (r) => r.unit ?? r.rating_unit_name ?? '', text: (r) => r.unit ?? r.rating_unit_name ?? '', sortValue: (r) => r.unit ?? r.rating_unit_name ?? '' },
  ];
  if (full) cols.push({ key: 'task_group', label: 'Nhóm nhiệm vụ', cell: (r) => r.task_group || '', text: (r) => r.task_group || '' });
  cols.push({ key: 'score', label: 'Điểm', num: true, cell: (r) => (r.score ? r.score.replace('.', ',') : ''), text: (r) => (r.score ? r.score.replace('.', ',') : ''), sortValue: (r) => (r.score ? parseFloat(r.score) : -1) });
  if (full) cols.push({ key: 'proposed_level', label: 'Mức đề xuất', cell: (r) => bandBadge(r.proposed_level), text: (r) => r.proposed_level || '' });
  cols.push({ key: 'final_level', label: 'Mức xếp loại', cell: (r) => (level(r) ? [bandBadge(level(r)), ' ', BANDS[level(r)] || ''] : ''), text: (r) => BANDS[level(r)] || level(r) });
  if (full) {
    cols.push({ key: 'note', label: 'Ghi chú', cell: (r) => r.note || '', text: (r) => r.note || '' });
    cols.push({ key: 'open', label: 'Xem thêm', cell: (r) => (r.person_id ? h('span', { class: 'er-links' },
      h('a', { href: `#/eval/people/${r.person_id}`, 'aria-label': `Lịch sử điểm của ${r.name}` }, 'Lịch sử điểm'), ' · ',
      h('a', { href: `#/eval/peers?person=${r.person_id}&year=${year}`, 'aria-label': `So sánh ${r.name} với vị trí tương đương` }, 'So sánh')) : ''), text: () => '' });
  }
  return cols;
}
