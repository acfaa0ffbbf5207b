// Cảnh báo sau đánh giá (GET /eval/flags): for a unit (and its sub-units)
// and a year, three tabs — KHT (downsizing review, NĐ 154/2025 Art. 2(1)(e)),
// below the HTNV threshold twice (retraining review), anomalies for the
// verifier (outputs far above the peer median, results without evidence) —
// each with its reason and links to the person and the period page. The
// anomaly parameters (factor, minimum number of tasks, days) are editable.
import { get, role, session } from '../api.js';
import { h, clear, fmtNum, fmtDateTime, announce } from '../util.js';
import { replaceQuery } from '../main.js';
import { sortableTable } from '../table.js';
import { unitSelect, bandBadge, errorBox, showError, periodName } from './eval_common.js';
import { ensureStyles, yearFrom, yearInput, unitNames } from './eval_reports_common.js';

const TABS = [
  ['kht', 'Không hoàn thành nhiệm vụ (xem xét tinh giản)'],
  ['below', 'Dưới ngưỡng hai lần (đào tạo lại)'],
  ['anomalies', 'Bất thường (người xác minh)'],
];
const RULES = {
  periods_below_htnv: 'Hai kỳ trở lên dưới 50 điểm',
  two_years_htnv_or_kht: 'Hai năm liên tiếp HTNV hoặc KHT',
  above_median: 'Vượt xa trung vị',
  no_evidence: 'Không có minh chứng',
};

const personLink = (r) => h('a', { href: `#/people/${r.person_id}`, class: 'person-link' }, r.name);
const periodHref = (pid, kind, year, number) => `#/eval/people/${pid}/period?kind=${kind}&year=${year}&number=${number}`;
const periodLink = (pid, kind, year, number) => h('a', { href: periodHref(pid, kind, year, number) }, periodName(kind, number, year));

export async function evalFlagsPage(ctx) {
  ensureStyles();
  ctx.setTitle('Cảnh báo sau đánh giá');
  ctx.main.classList.add('wide');
  const state = new URLSearchParams(ctx.query);
  let unit = state.get('unit') || '';
  let year = yearFrom(state);
  let tab = TABS.some(([k]) => k === state.get('tab')) ? state.get('tab') : 'kht';
  const prm = { factor: state.get('factor') || '3', min_peers: state.get('min_peers') || '3', days: state.get('days') || '14' };
  const msg = errorBox('flags-msg');
  const body = h('div', { id: 'flags-body' });
  const names = await unitNames();
  const save = () => {
    if (ctx.signal.aborted) return; // a late event of a page already left
    if (unit) state.set('unit', unit); else state.delete('unit');
    state.set('year', year);
    state.set('tab', tab);
    for (const k of Object.keys(prm)) state.set(k, prm[k]);
    replaceQuery('/eval/flags', state);
  };
  if (!unit && role() !== 'admin' && session.user?.unit_id) unit = String(session.user.unit_id);
  const unitSel = await unitSelect('flags-unit', unit, (v) => { unit = v; save(); load(); }, ctx.signal);
  if (role() === 'admin') unitSel.options[0].textContent = '— Toàn bộ (quản trị) —';
  const yearIn = yearInput('flags-year', year, (y) => { year = y; save(); load(); });

  const fIn = h('input', { id: 'flags-factor', type: 'text', inputmode: 'decimal', value: prm.factor.replace('.', ','), class: 'er-param', 'aria-describedby': 'flags-param-hint' });
  const mIn = h('input', { id: 'flags-min-peers', type: 'number', min: 2, max: 100000, value: prm.min_peers, class: 'er-param' });
  const dIn = h('input', { id: 'flags-days', type: 'number', min: 0, max: 3650, value: prm.days, class: 'er-param' });
  const params = h('form', { class: 'er-params', id: 'flags-params', novalidate: true },
    h('fieldset', { class: 'form-section' }, h('legend', null, 'Tham số phát hiện bất thường'),
      h('div', { class: 'toolbar' },
        h('div', { class: 'field field-compact' }, h('label', { for: 'flags-factor' }, 'Gấp bao nhiêu lần trung vị'), fIn),
        h('div', { class: 'field field-compact' }, h('label', { for: 'flags-min-peers' }, 'Số nhiệm vụ cùng loại tối thiểu'), mIn),
        h('div', { class: 'field field-compact' }, h('label', { for: 'flags-days' }, 'Số ngày chưa có minh chứng'), dIn),
        h('button', { type: 'submit', class: 'btn', id: 'flags-apply' }, 'Áp dụng')),
      h('p', { class: 'hint', id: 'flags-param-hint' }, 'Hệ số lớn hơn 1 (mặc định 3); ít nhất 2 nhiệm vụ (mặc định 3); 0–3650 ngày (mặc định 14).')));
  params.addEventListener('submit', (e) => {
    e.preventDefault();
    for (const el of [fIn, mIn, dIn]) el.removeAttribute('aria-invalid');
    const f = parseFloat(fIn.value.trim().replace(',', '.'));
    if (!(f > 1 && f <= 1000)) { fIn.setAttribute('aria-invalid', 'true'); showError(msg, 'Hệ số phải là số lớn hơn 1 và không quá 1000.'); fIn.focus(); return; }
    const m = +mIn.value, d = +dIn.value;
    if (!Number.isInteger(m) || m < 2) { mIn.setAttribute('aria-invalid', 'true'); showError(msg, 'Số nhiệm vụ cùng loại tối thiểu là số nguyên từ 2.'); mIn.focus(); return; }
    if (!Number.isInteger(d) || d < 0 || d > 3650 || dIn.value.trim() === '') { dIn.setAttribute('aria-invalid', 'true'); showError(msg, 'Số ngày là số nguyên từ 0 đến 3650.'); dIn.focus(); return; }
    prm.factor = String(f); prm.min_peers = String(m); prm.days = String(d);
    save();
    load();
  });

  const tabBtns = {};
  const tabList = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Loại cảnh báo' }, TABS.map(([k, label]) => {
    const b = h('button', { type: 'button', role: 'tab', id: `tab-${k}`, 'aria-controls': `panel-${k}`, 'aria-selected': String(k === tab), tabindex: k === tab ? '0' : '-1' },
      label, ' ', h('span', { class: 'er-count', id: `count-${k}` }, ''));
    b.addEventListener('click', () => select(k));
    b.addEventListener('keydown', (e) => {
      const i = TABS.findIndex(([x]) => x === k);
      const j = e.key === 'ArrowRight' ? (i + 1) % TABS.length : e.key === 'ArrowLeft' ? (i + TABS.length - 1) % TABS.length : -1;
      if (j >= 0) { e.preventDefault(); select(TABS[j][0]); tabBtns[TABS[j][0]].focus(); }
    });
    tabBtns[k] = b;
    return b;
  }));
  const panels = Object.fromEntries(TABS.map(([k]) => [k, h('div', { class: 'tabpanel', role: 'tabpanel', id: `panel-${k}`, 'aria-labelledby': `tab-${k}`, hidden: k !== tab })]));
  function select(k) {
    tab = k;
    for (const [x] of TABS) {
      tabBtns[x].setAttribute('aria-selected', String(x === k));
      tabBtns[x].setAttribute('tabindex', x === k ? '0' : '-1');
      panels[x].hidden = x !== k;
    }
    save();
  }

  ctx.main.append(
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Cảnh báo sau đánh giá'),
      h('p', { class: 'subtitle' }, 'Danh sách phục vụ xem xét tinh giản biên chế, đào tạo, bồi dưỡng lại và xác minh kết quả; tính tại thời điểm xem, cho người đang công tác tại đơn vị và các đơn vị trực thuộc.'))),
    h('div', { class: 'toolbar' },
      h('div', { class: 'field field-compact' }, h('label', { for: 'flags-unit' }, 'Đơn vị'), unitSel),
      h('div', { class: 'field field-compact' }, h('label', { for: 'flags-year' }, 'Năm'), yearIn)),
    params, msg, body);

  const unitName = (id) => names.get(id) || (id ? `Đơn vị #${id}` : '');
  const unitCol = { key: 'unit_id', label: 'Đơn vị', cell: (r) => unitName(r.unit_id), text: (r) => unitName(r.unit_id), sortValue: (r) => unitName(r.unit_id) };
  const reasonCol = { key: 'reason', label: 'Lý do, căn cứ', cell: (r) => h('span', { class: 'er-reason' }, r.reason) };
  const historyLink = (r) => h('a', { href: `#/eval/people/${r.person_id}`, 'aria-label': `Lịch sử điểm của ${r.name}` }, 'Lịch sử điểm');

  async function load() {
    if (ctx.signal.aborted) return;
    clear(msg);
    clear(body);
    body.appendChild(h('p', { class: 'loading' }, 'Đang tải…'));
    const q = new URLSearchParams({ year: String(year), ...prm });
    if (unit) q.set('unit', unit);
    let r;
    try {
      r = await get('/eval/flags?' + q, { signal: ctx.signal });
    } catch (e) {
      if (e.name === 'AbortError') return;
      clear(body);
      showError(msg, e);
      return;
    }
    clear(body);
    for (const p of Object.values(panels)) clear(p);
    const cnt = { kht: r.counts.kht, below: r.counts.below_twice, anomalies: r.counts.anomalies };
    for (const [k] of TABS) tabBtns[k].querySelector('.er-count').textContent = `(${fmtNum(cnt[k])})`;

    panels.kht.append(
      h('p', { class: 'alert alert-info', id: 'kht-note' }, r.note),
      sortableTable({ id: 'kht-table', csvName: `canh-bao-kht-${year}.csv`, rows: r.kht, columns: [
        { key: 'name', label: 'Họ và tên', cell: personLink, text: (x) => x.name },
        unitCol,
        { key: 'level', label: 'Xếp loại', cell: (x) => bandBadge(x.level), text: (x) => x.level },
        { key: 'score', label: 'Điểm năm', num: true, cell: (x) => fmtS(x.score), text: (x) => fmtS(x.score), sortValue: (x) => (x.score ? parseFloat(x.score) : -1) },
        { key: 'source', label: 'Nguồn', cell: (x) => (x.source === 'board' ? 'Bảng xếp loại đã quyết định' : 'Kết quả xếp loại đã ghi nhận'), text: (x) => x.source },
        reasonCol,
        { key: 'links', label: 'Mở', cell: (x) => h('span', { class: 'er-links' }, historyLink(x),
          x.links?.board_unit_id && (role() === 'admin' || role() === 'officer')
            ? [' · ', h('a', { href: `#/eval/board?unit=${x.links.board_unit_id}&year=${year}` }, 'Bảng xếp loại')] : null),
        text: (x) => `#/eval/people/${x.person_id}` },
      ] }));

    panels.below.append(
      h('p', { class: 'hint' }, `Ngưỡng: dưới ${r.params.threshold} điểm, từ ${r.params.times} kỳ trong năm; hoặc hai năm liên tiếp ở mức HTNV hoặc KHT.`),
      sortableTable({ id: 'below-table', csvName: `canh-bao-duoi-nguong-${year}.csv`, rows: r.below_twice, columns: [
        { key: 'name', label: 'Họ và tên', cell: personLink, text: (x) => x.name },
        unitCol,
        { key: 'rule', label: 'Trường hợp', cell: (x) => RULES[x.rule] || x.rule, text: (x) => RULES[x.rule] || x.rule },
        { key: 'detail', label: 'Kỳ, năm', cell: belowDetail, text: belowText, sortValue: belowText },
        reasonCol,
      ] }));

    panels.anomalies.append(
      h('p', { class: 'hint' }, `Vượt quá ${String(r.params.factor).replace('.', ',')} lần trung vị của ít nhất ${r.params.min_peers} nhiệm vụ cùng loại sản phẩm; kết quả chưa có minh chứng sau ${r.params.days} ngày.`),
      sortableTable({ id: 'anomaly-table', csvName: `canh-bao-bat-thuong-${year}.csv`, rows: r.anomalies, columns: [
        { key: 'kind', label: 'Loại', cell: (x) => RULES[x.kind] || x.kind, text: (x) => RULES[x.kind] || x.kind },
        { key: 'name', label: 'Họ và tên', cell: personLink, text: (x) => x.name },
        unitCol,
        { key: 'what', label: 'Nhiệm vụ, kết quả', cell: anomalyWhat, text: anomalyText, sortValue: anomalyText },
        { key: 'quantity', label: 'Số lượng', num: true, cell: (x) => fmtNum(x.quantity), text: (x) => String(x.quantity ?? '') },
        { key: 'ratio', label: 'Gấp (lần trung vị)', num: true, cell: (x) => (x.ratio != null ? fmtNum(x.ratio) : ''), text: (x) => (x.ratio != null ? String(x.ratio) : ''), sortValue: (x) => x.ratio ?? -1 },
        reasonCol,
      ] }));

    body.append(tabList, ...Object.values(panels));
    announce(`KHT: ${cnt.kht}; dưới ngưỡng: ${cnt.below}; bất thường: ${cnt.anomalies}.`);

    function belowDetail(x) {
      if (x.rule === 'periods_below_htnv')
        return h('ul', { class: 'er-inline-list' }, x.periods.map((p) => h('li', null, periodLink(x.person_id, p.period_kind, year, p.number), `: ${fmtS(p.score)} điểm`)));
      return h('ul', { class: 'er-inline-list' }, (x.years || []).map((y) => h('li', null, `${y.year}: `, bandBadge(y.level))));
    }
    function anomalyWhat(x) {
      if (x.kind === 'above_median')
        return h('span', null, `${x.product} — `, periodLink(x.person_id, x.period_kind, year, x.number), `; trung vị ${fmtNum(x.median)} (${fmtNum(x.peers)} nhiệm vụ)`);
      return h('span', null, `Kết quả #${x.result_id} (nhiệm vụ #${x.task_id}), báo cáo ${fmtDateTime(x.reported_at)}, ${fmtNum(x.age_days)} ngày — `,
        x.period_kind ? periodLink(x.person_id, x.period_kind, year, x.number) : historyLink(x));
    }
  }

  function belowText(x) {
    return x.rule === 'periods_below_htnv' ? x.periods.map((p) => `${periodName(p.period_kind, p.number, year)}: ${fmtS(p.score)}`).join('; ')
      : (x.years || []).map((y) => `${y.year}: ${y.level}`).join('; ');
  }
  function anomalyText(x) {
    return x.kind === 'above_median' ? `${x.product} ${periodName(x.period_kind, x.number, year)}` : `Kết quả #${x.result_id} ${fmtDateTime(x.reported_at)}`;
  }
  save();
  await load();
}

/** '45.00' -> '45,00'. */
function fmtS(s) { return s ? String(s).replace('.', ',') : ''; }
