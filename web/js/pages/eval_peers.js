// So sánh vị trí tương đương: the distribution of the year results of
// everyone in the same job position or rank group (GET /eval/peers), drawn
// as an SVG bar chart of the 10-point bands with the same numbers in a
// table, counts by level, quartiles and median; with ?person=ID the
// person's own group (GET /eval/people/{id}/peers) and their percentile
// marked on the chart. Aggregates only: no names of other people.
import { get, ref } from '../api.js';
import { h, clear, fmtNum, announce } from '../util.js';
import { replaceQuery } from '../main.js';
import { BANDS, bandBadge, errorBox, showError } from './eval_common.js';
import { ensureStyles, yearFrom, yearInput, LEVEL_KEYS } from './eval_reports_common.js';

const RANK_GROUPS = [
  ['chuyen_vien_cao_cap', 'Chuyên viên cao cấp và tương đương'],
  ['chuyen_vien_chinh', 'Chuyên viên chính và tương đương'],
  ['chuyen_vien', 'Chuyên viên và tương đương'],
  ['can_su', 'Cán sự và tương đương'],
  ['nhan_vien', 'Nhân viên và tương đương'],
];
const SVG = 'http://www.w3.org/2000/svg';

function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  for (const c of children) if (c !== null && c !== undefined) el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  return el;
}

const dec = (x) => (x === null || x === undefined ? '' : String(x).replace('.', ','));

export async function evalPeersPage(ctx) {
  ensureStyles();
  ctx.setTitle('So sánh vị trí tương đương');
  ctx.main.classList.add('wide');
  const state = new URLSearchParams(ctx.query);
  let year = yearFrom(state);
  const person = /^\d+$/.test(state.get('person') || '') ? state.get('person') : '';
  let basis = state.get('rank') ? 'rank' : 'position';
  if (person && state.get('basis') === 'rank') basis = 'rank';
  const msg = errorBox('peers-msg');
  const body = h('div', { id: 'peers-body' });
  const save = () => { if (!ctx.signal.aborted) replaceQuery('/eval/peers', state); };

  const yearIn = yearInput('peers-year', year, (y) => { year = y; state.set('year', y); save(); load(); });
  const basisSel = h('select', { id: 'peers-basis' },
    h('option', { value: 'position', selected: basis === 'position' }, 'Vị trí việc làm'),
    h('option', { value: 'rank', selected: basis === 'rank' }, 'Nhóm ngạch, ngạch'));
  const posIn = h('input', { id: 'peers-position', type: 'text', maxlength: 200, value: state.get('position') || '', placeholder: 'Ví dụ: Chuyên viên tổ chức' });
  const rankSel = h('select', { id: 'peers-rank' }, h('option', { value: '' }, '— Chọn —'),
    h('optgroup', { label: 'Nhóm ngạch (Luật CBCC 2025 Điều 24)' }, RANK_GROUPS.map(([v, t]) => h('option', { value: v, selected: v === state.get('rank') }, t))));
  const rankGroupOpt = h('optgroup', { label: 'Ngạch' });
  rankSel.appendChild(rankGroupOpt);
  ref('ranks').then((items) => {
    for (const r of items) rankGroupOpt.appendChild(h('option', { value: r.code, selected: r.code === state.get('rank') }, `${r.name} (${r.code})`));
  }).catch(() => {});
  const posField = h('div', { class: 'field field-compact' }, h('label', { for: 'peers-position' }, 'Vị trí việc làm'), posIn);
  const rankField = h('div', { class: 'field field-compact' }, h('label', { for: 'peers-rank' }, 'Nhóm ngạch hoặc ngạch'), rankSel);
  const showBasis = () => { posField.hidden = basisSel.value !== 'position' || !!person; rankField.hidden = basisSel.value !== 'rank' || !!person; };
  basisSel.addEventListener('change', () => { basis = basisSel.value; showBasis(); if (person) { state.set('basis', basis); save(); load(); } });
  const form = h('form', { class: 'toolbar', id: 'peers-form', novalidate: true },
    h('div', { class: 'field field-compact' }, h('label', { for: 'peers-basis' }, 'So sánh theo'), basisSel),
    posField, rankField,
    h('div', { class: 'field field-compact' }, h('label', { for: 'peers-year' }, 'Năm'), yearIn),
    person ? null : h('button', { type: 'submit', class: 'btn btn-primary', id: 'peers-show' }, 'Xem phân bố'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    state.delete('position'); state.delete('rank');
    if (basisSel.value === 'position') {
      if (!posIn.value.trim()) { posIn.setAttribute('aria-invalid', 'true'); showError(msg, 'Nhập vị trí việc làm.'); posIn.focus(); return; }
      posIn.removeAttribute('aria-invalid');
      state.set('position', posIn.value.trim());
    } else {
      if (!rankSel.value) { rankSel.setAttribute('aria-invalid', 'true'); showError(msg, 'Chọn nhóm ngạch hoặc ngạch.'); rankSel.focus(); return; }
      rankSel.removeAttribute('aria-invalid');
      state.set('rank', rankSel.value);
    }
    state.set('year', year);
    save();
    load();
  });
  showBasis();

  let who = null;
  if (person) who = await get(`/people/${person}`, { signal: ctx.signal });

  ctx.main.append(
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'So sánh với vị trí tương đương'),
      h('p', { class: 'subtitle' }, 'Những người cùng vị trí việc làm (nếu chưa có vị trí việc làm: cùng nhóm ngạch) trong toàn bộ các đơn vị; điểm năm của bảng xếp loại đã quyết định, nếu chưa có thì bình quân điểm các kỳ đã phê duyệt. Chỉ hiển thị số liệu tổng hợp.'))),
    who ? h('p', { class: 'scope-line', id: 'peers-person' }, 'Người được so sánh: ', h('a', { href: `#/people/${who.id}` }, who.full_name),
      who.unit_name ? ` — ${who.unit_name}` : '', ' · ', h('a', { href: `#/eval/people/${who.id}` }, 'Lịch sử điểm'), ' · ',
      h('a', { href: `#/eval/peers?year=${year}` }, 'Bỏ chọn người')) : null,
    form, msg, body);

  async function load() {
    if (ctx.signal.aborted) return;
    clear(msg);
    clear(body);
    let path;
    if (person) path = `/eval/people/${person}/peers?year=${year}` + (basis === 'rank' ? '&basis=rank' : '');
    else if (state.get('position')) path = `/eval/peers?year=${year}&position=${encodeURIComponent(state.get('position'))}`;
    else if (state.get('rank')) path = `/eval/peers?year=${year}&rank=${encodeURIComponent(state.get('rank'))}`;
    else { body.appendChild(h('p', { class: 'muted' }, 'Chọn vị trí việc làm hoặc nhóm ngạch và năm.')); return; }
    body.appendChild(h('p', { class: 'loading' }, 'Đang tải…'));
    let r;
    try {
      r = await get(path, { signal: ctx.signal });
    } catch (e) {
      if (e.name === 'AbortError') return;
      clear(body);
      showError(msg, e);
      return;
    }
    clear(body);
    render(r);
    announce(`Nhóm ${r.group_size} người.`);
  }

  await load();

  function render(r) {
    const label = r.basis === 'position' ? `Vị trí việc làm «${r.key}»` : `Nhóm ngạch «${(RANK_GROUPS.find(([v]) => v === r.key) || [0, r.key])[1]}»`;
    const facts = h('dl', { class: 'facts', id: 'peers-facts' },
      fact('Nhóm so sánh', label, 'peers-key'),
      fact('Số người trong nhóm', fmtNum(r.group_size), 'peers-size'),
      fact('Có điểm năm', fmtNum(r.scored), 'peers-scored'),
      fact('Theo bảng xếp loại đã quyết định', fmtNum(r.decided), 'peers-decided'));
    if (r.person_id) {
      facts.append(
        fact('Điểm năm của người được so sánh', r.score ? dec(r.score) : 'Chưa có', 'peers-pscore'),
        fact('Mức', r.level ? [bandBadge(r.level), ' ', BANDS[r.level] || ''] : 'Chưa có', 'peers-plevel'),
        fact('Phân vị', r.percentile !== null && r.percentile !== undefined ? `${dec(r.percentile)}` : '—', 'peers-percentile'));
    }
    body.appendChild(h('section', { class: 'panel' }, h('h2', null, `Nhóm so sánh năm ${r.year}`), facts,
      r.person_id && r.percentile !== null && r.percentile !== undefined
        ? h('p', { class: 'hint', id: 'peers-pct-text' }, `Trong ${fmtNum(r.peers)} người cùng nhóm: ${fmtNum(r.lower)} người điểm thấp hơn, ${fmtNum(r.equal)} người bằng điểm; phân vị = 100 × (thấp hơn + ½ bằng điểm) / số người có điểm.`)
        : null,
      r.person_id && r.source === 'periods' ? h('p', { class: 'hint' }, 'Điểm của người này là bình quân điểm các kỳ đã phê duyệt (chưa có bảng xếp loại đã quyết định).') : null));
    if (r.suppressed) {
      body.appendChild(h('p', { class: 'alert alert-info', id: 'peers-suppressed' },
        `Nhóm có dưới ${r.min_group} người: không hiển thị phân bố để bảo vệ thông tin cá nhân của từng người.`));
      return;
    }
    const q = r.quartiles;
    const pscore = r.person_id && r.score ? parseFloat(r.score) : null;
    body.append(
      h('section', { class: 'panel', 'aria-labelledby': 'bands-h' }, h('h2', { id: 'bands-h' }, 'Phân bố điểm năm theo khoảng 10 điểm'),
        chart(r.bands, pscore, r.percentile, q),
        h('div', { class: 'table-wrap' }, h('table', { class: 'table er-bands', id: 'bands-table' },
          h('caption', null, 'Số người theo khoảng điểm (bảng số liệu của biểu đồ)'),
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Khoảng điểm'), h('th', { scope: 'col', class: 'num' }, 'Số người'))),
          h('tbody', null, r.bands.map((b, i) => h('tr', { 'data-band': b.from, class: pscore !== null && bandOf(pscore) === i ? 'er-own-band' : null },
            h('th', { scope: 'row' }, bandLabel(b, i)), h('td', { class: 'num' }, fmtNum(b.count)))))))),
      h('section', { class: 'panel', 'aria-labelledby': 'levels-h' }, h('h2', { id: 'levels-h' }, 'Số người theo mức xếp loại'),
        h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'levels-table' },
          h('thead', null, h('tr', null, LEVEL_KEYS.map((l) => h('th', { scope: 'col', class: 'num' }, h('abbr', { title: BANDS[l] }, l))), h('th', { scope: 'col', class: 'num' }, 'Khác'))),
          h('tbody', null, h('tr', null, LEVEL_KEYS.map((l) => h('td', { class: 'num', 'data-level': l }, fmtNum(r.levels[l]))), h('td', { class: 'num', 'data-level': 'other' }, fmtNum(r.levels.other))))))),
      h('section', { class: 'panel', 'aria-labelledby': 'quart-h' }, h('h2', { id: 'quart-h' }, 'Tứ phân vị của điểm năm'),
        q ? h('dl', { class: 'facts', id: 'quartiles' },
          fact('Thấp nhất', dec(q.min), 'q-min'), fact('Tứ phân vị thứ nhất (Q1)', dec(q.q1), 'q-q1'), fact('Trung vị', dec(q.median), 'q-median'),
          fact('Tứ phân vị thứ ba (Q3)', dec(q.q3), 'q-q3'), fact('Cao nhất', dec(q.max), 'q-max'))
          : h('p', { class: 'muted' }, 'Chưa có điểm năm nào trong nhóm.'),
        h('p', { class: 'hint' }, 'Nội suy tuyến tính giữa hai hạng gần nhất (như hàm QUARTILE.INC của Excel).')));
  }
}

function fact(label, value, id) { return h('div', { class: 'fact' }, h('dt', null, label), h('dd', { id }, value)); }
const bandOf = (score) => Math.min(9, Math.floor(score / 10));
const bandLabel = (b, i) => (i === 9 ? `Từ ${b.from} đến 100` : `Từ ${b.from} đến dưới ${b.to}`);

/** Bars of the 10 bands; the person's score as a marked line with the percentile; median dashed. */
function chart(bands, pscore, percentile, q) {
  const W = 640, H = 280, L = 40, R = 12, T = 48, B = 40;
  const pw = W - L - R, ph = H - T - B;
  const max = Math.max(1, ...bands.map((b) => b.count));
  const step = Math.max(1, Math.ceil(max / 5));
  const top = step * Math.ceil(max / step);
  const x = (score) => L + (score / 100) * pw;
  const y = (n) => T + ph - (n / top) * ph;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'er-chart', id: 'peers-chart', role: 'img', 'aria-labelledby': 'peers-chart-title peers-chart-desc' },
    s('title', { id: 'peers-chart-title' }, 'Biểu đồ số người theo khoảng điểm năm'),
    s('desc', { id: 'peers-chart-desc' }, bands.map((b, i) => `${bandLabel(b, i)}: ${b.count} người`).join('; ') +
      (pscore !== null ? `. Điểm của người được so sánh: ${dec(pscore.toFixed(2))}, phân vị ${dec(percentile)}.` : '.')));
  for (let v = 0; v <= top; v += step) {
    svg.appendChild(s('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: 'er-grid' }));
    svg.appendChild(s('text', { x: L - 6, y: y(v) + 4, class: 'er-axis', 'text-anchor': 'end' }, String(v)));
  }
  bands.forEach((b, i) => {
    const bx = x(b.from) + 3, bw = pw / 10 - 6;
    const own = pscore !== null && bandOf(pscore) === i;
    svg.appendChild(s('rect', { x: bx, y: y(b.count), width: bw, height: Math.max(0, T + ph - y(b.count)), class: own ? 'er-bar er-bar-own' : 'er-bar', 'data-band': b.from, 'data-count': b.count }));
    if (b.count) svg.appendChild(s('text', { x: bx + bw / 2, y: y(b.count) - 4, class: 'er-val', 'text-anchor': 'middle' }, String(b.count)));
    svg.appendChild(s('text', { x: x(b.from), y: H - B + 16, class: 'er-axis', 'text-anchor': 'middle' }, String(b.from)));
  });
  svg.appendChild(s('text', { x: x(100), y: H - B + 16, class: 'er-axis', 'text-anchor': 'middle' }, '100'));
  svg.appendChild(s('text', { x: L + pw / 2, y: H - 6, class: 'er-axis', 'text-anchor': 'middle' }, 'Điểm năm'));
  svg.appendChild(s('line', { x1: L, x2: W - R, y1: T + ph, y2: T + ph, class: 'er-base' }));
  if (q) {
    const m = parseFloat(q.median);
    svg.appendChild(s('line', { x1: x(m), x2: x(m), y1: T - 16, y2: T + ph, class: 'er-median', 'data-score': q.median }));
    const right = x(m) > L + pw / 2;
    svg.appendChild(s('text', { x: right ? x(m) - 4 : x(m) + 4, y: T - 6, class: 'er-axis er-median-label', 'text-anchor': right ? 'end' : 'start' }, `Trung vị ${dec(q.median)}`));
  }
  if (pscore !== null) {
    const px = x(pscore);
    svg.appendChild(s('line', { x1: px, x2: px, y1: 4, y2: T + ph, class: 'er-person', id: 'peers-marker', 'data-score': pscore.toFixed(2) }));
    const right = px > L + pw / 2;
    svg.appendChild(s('text', { x: right ? px - 5 : px + 5, y: 16, class: 'er-person-label', id: 'peers-marker-label', 'text-anchor': right ? 'end' : 'start' },
      `Người được so sánh: ${dec(pscore.toFixed(2))} (phân vị ${dec(percentile)})`));
  }
  return h('figure', { class: 'er-figure' }, svg);
}
