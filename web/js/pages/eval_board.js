// Bảng xếp loại năm của đơn vị (NĐ 335/2025 Điều 20–21): compute, the
// distribution against the HTXS cap per task group, the ranked boundary
// (kept / demoted / ties), the council's decision (ties, minutes, a
// competent-level exception), then the final table; publication and the
// Excel export.
import { get, post, api, unitsNow } from '../api.js';
import { h, clear, fmtDate, fmtDateTime, parseDate, saveBlob, announce } from '../util.js';
import { replaceQuery } from '../main.js';
import { sortableTable } from '../table.js';
import { unitSelect, field, errorBox, showError, showOk, BANDS, CAP_STATUS, bandBadge, fmtScore, num } from './eval_common.js';

const LEVELS = ['HTXS', 'HTT', 'HTNV', 'KHT', 'not_rated', 'undetermined'];
const cacheKey = (u, y) => `canbo.evalBoard.${u}.${y}`;

export async function evalBoardPage(ctx) {
  ctx.setTitle('Bảng xếp loại năm');
  ctx.main.classList.add('wide');
  const state = new URLSearchParams(ctx.query);
  let unit = state.get('unit') || '';
  let year = +state.get('year') || new Date().getFullYear();
  const msg = errorBox('board-msg');
  const body = h('div', { id: 'board-body' });
  const PER_PAGE = 500;
  let page = 1;
  const save = () => { state.set('unit', unit); state.set('year', year); replaceQuery('/eval/board', state); };
  const unitSel = await unitSelect('board-unit', unit, (v) => { unit = v; page = 1; save(); render(); }, ctx.signal);
  const yearIn = h('input', { id: 'board-year', type: 'number', min: 2000, max: 2100, value: String(year), class: 'eval-year' });
  yearIn.addEventListener('change', () => { if (+yearIn.value >= 2000 && +yearIn.value <= 2100) { year = +yearIn.value; page = 1; save(); render(); } });
  ctx.main.append(
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Bảng xếp loại năm của đơn vị'),
      h('p', { class: 'subtitle' }, 'Điểm năm là bình quân điểm các kỳ đã phê duyệt; số HTXS không vượt quá 20% số HTT trong mỗi đơn vị và nhóm nhiệm vụ tương đồng (NĐ 335/2025/NĐ-CP Điều 20, 21).'))),
    h('div', { class: 'toolbar' },
      h('div', { class: 'field field-compact' }, h('label', { for: 'board-unit' }, 'Đơn vị'), unitSel),
      h('div', { class: 'field field-compact' }, h('label', { for: 'board-year' }, 'Năm'), yearIn)),
    msg, body);

  async function render(ok) {
    clear(body);
    if (ok) { showOk(msg, ok); announce(ok); } else clear(msg);
    if (!unit) { body.appendChild(h('p', { class: 'muted' }, 'Chọn một đơn vị.')); return; }
    // A small board comes whole; a large one (more than 10 000 people) in pages of PER_PAGE.
    let board = await get(`/eval/units/${unit}/ratings?year=${year}${page > 1 ? `&page=${page}&per_page=${PER_PAGE}` : ''}`, { signal: ctx.signal });
    if (page === 1 && board.total > board.items.length) board = await get(`/eval/units/${unit}/ratings?year=${year}&page=1&per_page=${PER_PAGE}`, { signal: ctx.signal });
    const paged = board.total > board.items.length || page > 1;
    const decided = board.decisions.length > 0;
    let computed = null;
    try { computed = JSON.parse(sessionStorage.getItem(cacheKey(unit, year)) || 'null'); } catch { computed = null; }
    const tools = h('div', { class: 'actions', id: 'board-tools' });
    if (!decided) tools.appendChild(h('button', { type: 'button', class: 'btn btn-primary', id: 'board-compute', onclick: compute }, board.items.length ? 'Tính lại bảng xếp loại' : 'Tính bảng xếp loại'));
    if (board.items.length) {
      tools.append(
        h('button', { type: 'button', class: 'btn', id: 'board-publish', disabled: !decided, title: decided ? null : 'Chỉ công bố sau khi Hội đồng quyết định', onclick: publish }, 'Công bố'),
        h('a', { class: 'btn', id: 'board-export', href: `/api/v1/eval/units/${unit}/ratings/export.xlsx?year=${year}`, onclick: exportXlsx }, 'Xuất Excel'));
    }
    body.appendChild(tools);
    if (!board.items.length) { body.appendChild(h('p', { class: 'muted', id: 'board-empty' }, `Chưa tính bảng xếp loại năm ${year} của đơn vị.`)); return; }
    const [units, groups] = await Promise.all([unitsNow(), get('/eval/task-groups', { signal: ctx.signal }).then((r) => r.items)]);
    const names = { unit: (id) => (units.find((u) => u.id === id) || {}).name || `Đơn vị #${id}`, group: (id) => (id ? (groups.find((g) => g.id === id) || {}).name || `Nhóm #${id}` : 'Toàn đơn vị (chưa phân nhóm nhiệm vụ)') };
    body.append(distribution(board.items, computed && !decided ? computed : null, names));
    if (!decided) body.appendChild(decideForm(board.items, computed));
    else body.appendChild(decisionsBox(board.decisions));
    body.appendChild(finalTable(board.items, decided));
    if (paged) body.appendChild(pager(board));
  }

  function pager(board) {
    const pages = Math.max(1, Math.ceil(board.total / PER_PAGE));
    const go = (p) => { page = p; render(); };
    const from = board.total ? (page - 1) * PER_PAGE + 1 : 0;
    const to = Math.min(board.total, (page - 1) * PER_PAGE + board.items.length);
    return h('nav', { class: 'pager', id: 'board-pager', 'aria-label': 'Phân trang bảng xếp loại' },
      h('p', { class: 'muted' }, `Bảng có ${board.total.toLocaleString('vi-VN')} người: đang hiển thị ${from}–${to} (trang ${page}/${pages}); phân bố và danh sách đồng điểm ở trên chỉ tính trên trang này.`),
      h('button', { type: 'button', class: 'btn', id: 'board-prev', disabled: page <= 1, onclick: () => go(page - 1) }, 'Trang trước'), ' ',
      h('button', { type: 'button', class: 'btn', id: 'board-next', disabled: page >= pages, onclick: () => go(page + 1) }, 'Trang sau'));
  }

  async function compute() {
    try {
      const r = await post(`/eval/units/${unit}/ratings/compute`, { year });
      try { sessionStorage.setItem(cacheKey(unit, year), JSON.stringify(r)); } catch { /* private mode */ }
      await render(`Đã tính bảng xếp loại năm ${year}: ${num(r.people.length)} người.`);
    } catch (e) { showError(msg, e); }
  }

  async function publish() {
    try {
      await post(`/eval/units/${unit}/ratings/publish`, { year });
      showOk(msg, 'Đã công bố kết quả xếp loại đến đơn vị.');
    } catch (e) {
      showError(msg, e.status === 404 || e.status === 405 ? 'Không công bố được: máy chủ chưa hỗ trợ công bố kết quả xếp loại.' : `Không công bố được: ${e.message}`);
    }
  }

  async function exportXlsx(ev) {
    ev.preventDefault();
    try {
      const res = await api('GET', `/eval/units/${unit}/ratings/export.xlsx?year=${year}`, undefined, { raw: true });
      saveBlob(await res.blob(), `xep-loai-${year}-don-vi-${unit}.xlsx`);
      announce('Đã xuất tệp Excel.');
    } catch (e) {
      showError(msg, e.status === 404 || e.status === 405 ? 'Không xuất được tệp Excel: máy chủ chưa hỗ trợ xuất bảng xếp loại.' : `Không xuất được tệp Excel: ${e.message}`);
    }
  }

  /** Counts by level per rating unit and task group, against the cap. */
  function distribution(items, computed, names) {
    const groups = new Map();
    for (const it of items) {
      const k = `${it.rating_unit_id}:${it.task_group_id ?? 0}`;
      if (!groups.has(k)) groups.set(k, { key: k, unit: it.rating_unit_id, group: it.task_group_id, rows: [] });
      groups.get(k).rows.push(it);
    }
    const boxes = [...groups.values()].map((g) => {
      const cg = computed?.groups?.find((x) => x.rating_unit_id === g.unit && (x.task_group_id ?? null) === (g.group ?? null));
      const counts = {};
      for (const l of LEVELS) counts[l] = 0;
      for (const r of g.rows) counts[r.proposed_level] = (counts[r.proposed_level] || 0) + 1;
      const fin = { HTXS: 0, HTT: 0 };
      for (const r of g.rows) { const l = r.final_level || r.cap_level; if (l in fin) fin[l]++; }
      const cand = g.rows.filter((r) => r.proposed_level === 'HTXS').sort((a, b) => (b.score_x100 ?? 0) - (a.score_x100 ?? 0));
      return h('section', { class: 'panel eval-group', 'aria-label': `Phân bố mức xếp loại: ${names.unit(g.unit)}, ${names.group(g.group)}` },
        h('h2', null, `${names.unit(g.unit)} — ${names.group(g.group)}`),
        h('div', { class: 'eval-dist' },
          h('div', { class: 'eval-dist-wrap' }, h('table', { class: 'table eval-dist-table', id: `dist-${g.key.replace(':', '-')}` },
            h('caption', null, 'Đề nghị theo mức (trước khi áp dụng giới hạn)'),
            h('thead', null, h('tr', null, LEVELS.map((l) => h('th', { scope: 'col', class: 'num' }, h('abbr', { title: BANDS[l] }, l === 'not_rated' ? 'Không xếp loại' : l === 'undetermined' ? 'Chưa xác định' : l))))),
            h('tbody', null, h('tr', null, LEVELS.map((l) => h('td', { class: 'num' }, num(counts[l]))))))),
          h('dl', { class: 'facts eval-cap' },
            h('div', { class: 'fact' }, h('dt', null, cg ? 'Số HTT sau giới hạn' : 'Số HTT (chưa kể người chờ Hội đồng quyết định)'), h('dd', { class: 'cap-htt' }, num(cg ? cg.cap.final_htt : fin.HTT))),
            h('div', { class: 'fact' }, h('dt', null, 'Giới hạn HTXS'), h('dd', { class: 'cap-limit' }, cg ? `${num(cg.cap.htxs_places)} người (${cg.limit_percent}% số HTT, làm tròn ${cg.rounding === 'floor' ? 'xuống' : cg.rounding})` : 'Bấm «Tính lại» để xem chi tiết')),
            h('div', { class: 'fact' }, h('dt', null, 'HTXS hiện tại'), h('dd', { class: 'cap-htxs' }, num(fin.HTXS))),
            cg && cg.tie ? h('div', { class: 'fact' }, h('dt', null, 'Bằng điểm ở ranh giới'), h('dd', null, `${num(cg.tie.people.length)} người ${cg.tie.score} điểm tranh ${num(cg.tie.places)} chỗ`)) : null)),
        cand.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'table eval-boundary' },
          h('caption', null, 'Xếp hạng người được đề nghị HTXS'),
          h('thead', null, h('tr', null, ['Hạng', 'Họ và tên', 'Điểm năm', 'Kết quả áp dụng giới hạn'].map((x, i) => h('th', { scope: 'col', class: i === 0 || i === 2 ? 'num' : null }, x)))),
          h('tbody', null, cand.map((r, i) => h('tr', { class: `cap-${r.cap_status}` }, h('td', { class: 'num' }, String(i + 1)),
            h('td', null, h('a', { href: `#/eval/people/${r.person_id}` }, r.name)), h('td', { class: 'num' }, fmtScore(r.score_x100)),
            h('td', null, CAP_STATUS[r.cap_status] || r.cap_status)))))) : h('p', { class: 'muted' }, 'Không có ai được đề nghị HTXS.'),
        cg?.explain ? h('details', { class: 'eval-details' }, h('summary', null, 'Giải thích cách áp dụng giới hạn'), h('ol', { class: 'eval-explain' }, cg.explain.map((x) => h('li', null, x)))) : null);
    });
    return h('div', { id: 'board-dist' }, boxes);
  }

  function decideForm(items) {
    const ties = items.filter((r) => r.cap_status === 'tie');
    const form = h('form', { class: 'panel', id: 'decide-form', novalidate: true }, h('h2', null, 'Quyết định của Hội đồng'));
    const radios = ties.map((r) => h('fieldset', { class: 'decision eval-tie', 'data-person': r.person_id },
      h('legend', null, `${r.name} (${fmtScore(r.score_x100)} điểm)`),
      ['HTXS', 'HTT'].map((l) => h('label', null, h('input', { type: 'radio', name: `tie-${r.person_id}`, value: l }), ` ${BANDS[l]}`))));
    if (ties.length) form.append(h('p', { class: 'hint' }, 'Những người bằng điểm ở ranh giới: Hội đồng quyết định từng người.'), ...radios);
    else form.appendChild(h('p', { class: 'hint' }, 'Không có trường hợp bằng điểm ở ranh giới.'));
    const minutes = h('textarea', { id: 'decide-minutes', rows: 3, maxlength: 20000 });
    const exOn = h('input', { id: 'exc-on', type: 'checkbox' });
    const exNo = h('input', { id: 'exc-no', maxlength: 100 });
    const exDate = h('input', { id: 'exc-date', placeholder: 'dd/mm/yyyy' });
    const exPct = h('input', { id: 'exc-pct', type: 'number', min: 21, max: 25, step: 1, value: '25' });
    const exBox = h('fieldset', { class: 'form-section', id: 'exc-box', hidden: true }, h('legend', null, 'Ngoại lệ của cấp có thẩm quyền'),
      h('div', { class: 'form-grid' }, field('exc-no', 'Số quyết định', exNo), field('exc-date', 'Ngày quyết định', exDate), field('exc-pct', 'Giới hạn mới (%), tối đa 25', exPct)));
    exOn.addEventListener('change', () => { exBox.hidden = !exOn.checked; });
    form.append(field('decide-minutes', 'Biên bản họp Hội đồng (tóm tắt)', minutes),
      h('label', { class: 'eval-check' }, exOn, ' Có quyết định nâng giới hạn của cấp có thẩm quyền'), exBox,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'decide-submit' }, 'Ghi nhận quyết định')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const decisions = [];
      for (const r of ties) {
        const c = form.querySelector(`input[name="tie-${r.person_id}"]:checked`);
        if (c) decisions.push({ person_id: r.person_id, level: c.value });
      }
      const b = { year, decisions };
      if (minutes.value.trim()) b.minutes = minutes.value.trim();
      if (exOn.checked) {
        const d = parseDate(exDate.value);
        if (!d) { exDate.setAttribute('aria-invalid', 'true'); showError(msg, 'Ngày quyết định phải có dạng dd/mm/yyyy.'); exDate.focus(); return; }
        const p = +exPct.value;
        if (!(p > 20 && p <= 25)) { exPct.setAttribute('aria-invalid', 'true'); showError(msg, 'Giới hạn mới phải lớn hơn 20% và không quá 25%.'); exPct.focus(); return; }
        b.exception = { decision_no: exNo.value.trim(), date: d, limit_percent: p };
      }
      try {
        await post(`/eval/units/${unit}/ratings/decide`, b);
        try { sessionStorage.removeItem(cacheKey(unit, year)); } catch { /* ignore */ }
        await render('Đã ghi nhận quyết định của Hội đồng.');
      } catch (err) { showError(msg, err); }
    });
    return form;
  }

  function decisionsBox(decs) {
    return h('section', { class: 'panel', id: 'board-decisions' }, h('h2', null, 'Quyết định đã ghi nhận'),
      decs.map((d) => h('div', { class: 'eval-decision' },
        h('p', null, `Ghi nhận ${fmtDateTime(d.decided_at)} (người ghi: tài khoản #${d.decided_by}), giới hạn áp dụng ${d.limit_percent}%.`),
        d.exception_no ? h('p', null, `Ngoại lệ: quyết định số ${d.exception_no} ngày ${fmtDate(d.exception_date)}.`) : null,
        d.minutes ? h('p', { class: 'eval-minutes' }, 'Biên bản: ', d.minutes) : null)));
  }

  function finalTable(items, decided) {
    return h('section', { class: 'panel', 'aria-labelledby': 'final-h' }, h('h2', { id: 'final-h' }, decided ? `Kết quả xếp loại năm ${year}` : 'Đề nghị xếp loại (chưa quyết định)'),
      sortableTable({
        id: 'board-table', csvName: `xep-loai-${year}.csv`,
        columns: [
          { key: 'name', label: 'Họ và tên', cell: (r) => h('a', { href: `#/eval/people/${r.person_id}` }, r.name) },
          { key: 'score_x100', label: 'Điểm năm', num: true, cell: (r) => fmtScore(r.score_x100), text: (r) => fmtScore(r.score_x100), sortValue: (r) => r.score_x100 ?? -1 },
          { key: 'periods', label: 'Số kỳ', num: true },
          { key: 'proposed_level', label: 'Đề nghị', cell: (r) => bandBadge(r.proposed_level), text: (r) => r.proposed_level },
          { key: 'cap_status', label: 'Giới hạn HTXS', cell: (r) => CAP_STATUS[r.cap_status] || r.cap_status, text: (r) => CAP_STATUS[r.cap_status] || r.cap_status },
          { key: 'final_level', label: 'Kết quả', cell: (r) => (r.final_level ? [bandBadge(r.final_level), ' ', BANDS[r.final_level]] : h('span', { class: 'muted' }, 'Chưa quyết định')), text: (r) => r.final_level || '' },
        ],
        rows: items,
      }));
  }

  save();
  await render();
}
