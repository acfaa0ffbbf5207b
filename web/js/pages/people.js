// Danh sách cán bộ: filters (unit subtree, rank, title, sex, ethnicity, age
// band, party, qualification, status), instant search (?q=, diacritics
// ignored by the server), sorting, paging, export of the same query; and
// the dashboard lists (?list=retirements|terms_ending|salary_steps).
import { get, api, ref, unitsNow } from '../api.js';
import { h, clear, fmtDate, fmtBirth, fmtNum, fmtCoef, sexName, debounce, compareVi, announce, saveBlob } from '../util.js';
import { AGE_BANDS, STATUS } from '../fields.js';
import { replaceQuery } from '../main.js';
import { toCsv } from '../table.js';

const FILTERS = ['unit', 'rank', 'title', 'sex', 'ethnicity', 'age', 'party', 'qualification', 'status'];
const LISTS = {
  retirements: { title: 'Sắp nghỉ hưu (6 tháng tới)', when: (r) => `từ ${fmtDate(r.from)} đến ${fmtDate(r.to)}` },
  terms_ending: { title: 'Sắp hết nhiệm kỳ bổ nhiệm (90 ngày tới)', when: (r) => `từ ${fmtDate(r.from)} đến ${fmtDate(r.to)}` },
  salary_steps: { title: 'Đến hạn nâng lương trong quý', when: (r) => `từ ${fmtDate(r.from)} đến ${fmtDate(r.to)}` },
};

const personLink = (p) => h('a', { href: `#/people/${p.id}`, class: 'person-link' }, p.full_name);

const LIST_COLUMNS = {
  base: [
    { key: 'full_name', label: 'Họ và tên', cell: personLink },
    { key: 'birth_date', label: 'Ngày sinh', cell: (p) => fmtDate(p.birth_date), text: (p) => fmtDate(p.birth_date) },
    { key: 'sex', label: 'Giới tính', opt: true, cell: (p) => sexName(p.sex), text: (p) => sexName(p.sex) },
    { key: 'unit_name', label: 'Đơn vị' },
    { key: 'position', label: 'Chức vụ, vị trí', cell: (p) => p.title_name || p.position || '', text: (p) => p.title_name || p.position || '', sortValue: (p) => p.title_name || p.position || '' },
    { key: 'rank_name', label: 'Ngạch', cell: (p) => p.rank_name || p.rank_code || '', text: (p) => p.rank_name || p.rank_code || '' },
    { key: 'salary_step', label: 'Bậc (hệ số)', num: true, opt: true, cell: (p) => (p.salary_step ? `${p.salary_step} (${fmtCoef(p.coef_x100)})` : ''), text: (p) => (p.salary_step ? `${p.salary_step} (${fmtCoef(p.coef_x100)})` : ''), sortValue: (p) => p.coef_x100 ?? -1 },
    { key: 'party_join_date', label: 'Đảng viên', opt: true, cell: (p) => (p.party_join_date ? 'Có' : ''), text: (p) => (p.party_join_date ? 'Có' : ''), sortValue: (p) => (p.party_join_date ? 1 : 0) },
  ],
  retirements: [
    { key: 'full_name', label: 'Họ và tên', cell: personLink },
    { key: 'birth_date', label: 'Ngày sinh', cell: (p) => fmtDate(p.birth_date), text: (p) => fmtDate(p.birth_date) },
    { key: 'sex', label: 'Giới tính', cell: (p) => sexName(p.sex), text: (p) => sexName(p.sex) },
    { key: 'unit_name', label: 'Đơn vị' },
    { key: 'title_name', label: 'Chức vụ', cell: (p) => p.title_name || p.position || '', text: (p) => p.title_name || p.position || '' },
    { key: 'retire_date', label: 'Nghỉ hưu từ', cell: (p) => fmtDate(p.retire_date), text: (p) => fmtDate(p.retire_date) },
    { key: 'retire_age', label: 'Tuổi nghỉ hưu', cell: (p) => ageText(p.retire_age), text: (p) => ageText(p.retire_age), sortValue: (p) => p.retire_age.years * 12 + p.retire_age.months },
  ],
  terms_ending: [
    { key: 'full_name', label: 'Họ và tên', cell: personLink },
    { key: 'title_name', label: 'Chức vụ' },
    { key: 'unit_name', label: 'Đơn vị' },
    { key: 'title_since', label: 'Bổ nhiệm từ', cell: (p) => fmtDate(p.title_since), text: (p) => fmtDate(p.title_since) },
    { key: 'term_end', label: 'Hết nhiệm kỳ', cell: (p) => fmtDate(p.term_end), text: (p) => fmtDate(p.term_end) },
  ],
  salary_steps: [
    { key: 'full_name', label: 'Họ và tên', cell: personLink },
    { key: 'unit_name', label: 'Đơn vị' },
    { key: 'rank_name', label: 'Ngạch', cell: (p) => p.rank_name || p.rank_code || '', text: (p) => p.rank_name || p.rank_code || '' },
    { key: 'salary_step', label: 'Bậc hiện tại', num: true },
    { key: 'next', label: 'Mức mới', cell: (p) => nextText(p), text: (p) => nextText(p), sortValue: (p) => p.next_coef_x100 },
    { key: 'due', label: 'Ngày đến hạn', cell: (p) => fmtDate(p.due), text: (p) => fmtDate(p.due) },
  ],
};

function ageText(a) { return a ? `${a.years} tuổi${a.months ? ' ' + a.months + ' tháng' : ''}` : ''; }
function nextText(p) { return p.at_top ? `Vượt khung ${p.vk_percent}%` : `Bậc ${p.next_step} (${fmtCoef(p.next_coef_x100)})`; }

function select(id, label, options, value) {
  const s = h('select', { id: 'f-' + id, name: id }, h('option', { value: '' }, 'Tất cả'),
    options.map(([v, t]) => h('option', { value: v, selected: String(v) === (value ?? '') }, t)));
  return { el: s, wrap: h('div', { class: 'field field-compact' }, h('label', { for: 'f-' + id }, label), s) };
}

export async function peoplePage(ctx) {
  const listKind = ctx.query.get('list');
  if (listKind && LISTS[listKind]) return dashboardList(ctx, listKind);
  ctx.setTitle('Cán bộ, công chức');
  ctx.main.classList.add('wide');
  const state = new URLSearchParams(ctx.query);
  let sortKey = null, sortDir = 1, lastItems = [], lastReply = null;
  const sortParam = state.get('sort');
  if (sortParam) { sortDir = sortParam.startsWith('-') ? -1 : 1; sortKey = sortParam.replace(/^-/, ''); }

  const search = h('input', { id: 'people-search', type: 'search', name: 'q', value: state.get('q') || '', placeholder: 'Tìm theo họ tên (không cần gõ dấu)', autocomplete: 'off', 'aria-describedby': 'result-line' });
  const resultLine = h('p', { class: 'result-line', id: 'result-line', 'aria-live': 'polite' }, 'Đang tải…');
  const tbody = h('tbody', { id: 'people-rows' });
  const pager = h('nav', { class: 'pager', 'aria-label': 'Phân trang' });
  const exportMsg = h('p', { class: 'field-error', id: 'export-msg', role: 'status', hidden: true });
  const sortNote = h('p', { class: 'hint', id: 'sort-note', hidden: true }, 'Đang sắp xếp các dòng của trang hiện tại.');
  const cols = LIST_COLUMNS.base;

  // Filters: built at once with what is in the address; options fill in as the lists arrive.
  const sel = {};
  const filterBox = h('div', { class: 'filters', id: 'filters' });
  const addSel = (id, label, opts) => { const s = select(id, label, opts, state.get(id)); sel[id] = s.el; filterBox.appendChild(s.wrap); return s.el; };
  const unitSel = addSel('unit', 'Đơn vị (cả đơn vị trực thuộc)', []);
  const rankSel = addSel('rank', 'Ngạch', []);
  const titleSel = addSel('title', 'Chức vụ', [['any', 'Có chức vụ lãnh đạo, quản lý']]);
  addSel('sex', 'Giới tính', [['1', 'Nam'], ['2', 'Nữ']]);
  const ethSel = addSel('ethnicity', 'Dân tộc', [['minority', 'Dân tộc thiểu số']]);
  addSel('age', 'Độ tuổi', AGE_BANDS);
  addSel('party', 'Đảng viên', [['1', 'Là đảng viên'], ['0', 'Chưa là đảng viên']]);
  const qualSel = addSel('qualification', 'Trình độ chuyên môn', []);
  addSel('status', 'Trạng thái', STATUS.filter(([v]) => v !== 'active'));
  sel.status.options[0].textContent = 'Đang công tác';
  const fill = (s, opts) => {
    const v = state.get(s.name) || '';
    for (const [val, text] of opts) s.appendChild(h('option', { value: val, selected: String(val) === v }, text));
  };
  unitsNow().then((items) => fill(unitSel, items.map((u) => [u.id, '\u00a0\u00a0'.repeat(Math.min(u.depth, 6)) + u.name]))).catch(() => {});
  ref('ranks').then((items) => fill(rankSel, items.map((r) => [r.code, `${r.name} (${r.code})`]))).catch(() => {});
  ref('titles').then((items) => fill(titleSel, items.map((t) => [t.id, t.name]))).catch(() => {});
  ref('ethnicities').then((items) => fill(ethSel, items.map((t) => [t.id, t.name]))).catch(() => {});
  ref('levels').then((items) => fill(qualSel, items.filter((l) => l.kind === 'professional').map((l) => [l.code, l.name]))).catch(() => {});

  const perPage = h('select', { id: 'per-page', name: 'per_page' }, [20, 50, 100, 200].map((n) => h('option', { value: n, selected: String(n) === (state.get('per_page') || '50') }, n)));

  const heads = cols.map((c) => {
    const btn = h('button', { type: 'button', class: 'sort-btn', 'data-key': c.key }, c.label);
    const th = h('th', { scope: 'col', class: [c.num ? 'num' : '', c.opt ? 'opt' : ''].join(' ').trim() || null, 'aria-sort': c.key === sortKey ? (sortDir > 0 ? 'ascending' : 'descending') : 'none' }, btn);
    btn.addEventListener('click', () => {
      if (sortKey === c.key) sortDir = -sortDir; else { sortKey = c.key; sortDir = 1; }
      for (const t of heads) t.setAttribute('aria-sort', 'none');
      th.setAttribute('aria-sort', sortDir > 0 ? 'ascending' : 'descending');
      state.set('sort', (sortDir < 0 ? '-' : '') + sortKey);
      replaceQuery('/people', state);
      renderRows();
    });
    return th;
  });

  function sorted(items) {
    if (!sortKey) return items;
    const c = cols.find((x) => x.key === sortKey);
    if (!c) return items;
    const val = c.sortValue || ((r) => r[c.key]);
    return [...items].sort((a, b) => {
      const x = val(a), y = val(b);
      return (typeof x === 'number' && typeof y === 'number' ? x - y : compareVi(x, y)) * sortDir;
    });
  }

  let firstRender = true;
  function renderRows() {
    clear(tbody);
    const page = +(state.get('page') || 1), per = +(state.get('per_page') || 50);
    const frag = document.createDocumentFragment();
    sorted(lastItems).forEach((p, i) => {
      frag.appendChild(h('tr', null, h('td', { class: 'num muted' }, (page - 1) * per + i + 1),
        cols.map((c) => h('td', { class: [c.num ? 'num' : '', c.opt ? 'opt' : ''].join(' ').trim() || null }, c.cell ? c.cell(p) : p[c.key] ?? ''))));
    });
    if (!lastItems.length) frag.appendChild(h('tr', null, h('td', { colspan: cols.length + 1, class: 'muted' }, 'Không có ai phù hợp.')));
    tbody.appendChild(frag);
    sortNote.hidden = !sortKey || !lastReply || lastReply.sort !== undefined || lastReply.total <= lastItems.length;
    if (firstRender) {
      firstRender = false;
      performance.mark('people-rows-rendered');
    }
  }

  function apiQuery(withPaging) {
    const q = new URLSearchParams();
    for (const k of FILTERS) if (state.get(k)) q.set(k, state.get(k));
    if (state.get('q')) q.set('q', state.get('q'));
    if (state.get('sort')) q.set('sort', state.get('sort'));
    if (withPaging) {
      q.set('page', state.get('page') || '1');
      q.set('per_page', state.get('per_page') || '50');
    }
    return q;
  }

  let inflight = null;
  async function load() {
    if (inflight) inflight.abort();
    const ac = new AbortController();
    inflight = ac;
    ctx.signal.addEventListener('abort', () => ac.abort(), { once: true });
    resultLine.textContent = 'Đang tải…';
    let r;
    try {
      r = await get('/people?' + apiQuery(true), { signal: ac.signal });
    } catch (e) {
      if (e.name === 'AbortError') return;
      lastItems = [];
      renderRows();
      resultLine.textContent = e.message;
      resultLine.classList.add('error-text');
      return;
    }
    resultLine.classList.remove('error-text');
    lastReply = r;
    lastItems = r.items;
    renderRows();
    const from = r.items.length ? (r.page - 1) * r.per_page + 1 : 0;
    const to = (r.page - 1) * r.per_page + r.items.length;
    const total = r.total_capped ? `hơn ${fmtNum(r.total)}` : fmtNum(r.total);
    resultLine.textContent = r.total ? `Hiển thị ${fmtNum(from)}–${fmtNum(to)} trên ${total} người.` : 'Không có ai phù hợp.';
    renderPager(r);
    announce(resultLine.textContent);
  }

  function renderPager(r) {
    clear(pager);
    const pages = Math.max(1, Math.ceil(r.total / r.per_page));
    const go = (p) => { state.set('page', String(p)); replaceQuery('/people', state); load(); };
    pager.append(
      h('button', { type: 'button', class: 'btn', disabled: r.page <= 1, onclick: () => go(r.page - 1) }, '‹ Trang trước'),
      h('span', { class: 'pager-info' }, `Trang ${fmtNum(r.page)} / ${r.total_capped ? 'hơn ' : ''}${fmtNum(pages)}`),
      h('button', { type: 'button', class: 'btn', id: 'next-page', disabled: r.page >= pages && !(r.total_capped && r.items.length === r.per_page), onclick: () => go(r.page + 1) }, 'Trang sau ›'));
  }

  const onFilter = () => {
    for (const k of FILTERS) { if (sel[k].value) state.set(k, sel[k].value); else state.delete(k); }
    state.set('per_page', perPage.value);
    state.delete('page');
    replaceQuery('/people', state);
    load();
  };
  filterBox.addEventListener('change', onFilter);
  perPage.addEventListener('change', onFilter);
  const onSearch = debounce(() => {
    const v = search.value.trim();
    if (v) state.set('q', v); else state.delete('q');
    state.delete('page');
    replaceQuery('/people', state);
    load();
  }, 250);
  search.addEventListener('input', onSearch);
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { e.preventDefault(); onSearch(); onSearch.cancel(); const v = search.value.trim(); if (v) state.set('q', v); else state.delete('q'); state.delete('page'); replaceQuery('/people', state); load(); }
    if (e.key === 'Escape' && search.value) { search.value = ''; onSearch(); }
  });

  async function exportAs(format) {
    exportMsg.hidden = true;
    const q = apiQuery(false);
    q.set('format', format);
    const btn = document.getElementById('export-' + format);
    btn.disabled = true;
    const old = btn.textContent;
    btn.textContent = 'Đang xuất…';
    try {
      const res = await api('GET', '/people/export?' + q, undefined, { raw: true });
      const blob = await res.blob();
      const cd = res.headers.get('Content-Disposition') || '';
      const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(cd);
      saveBlob(blob, m ? decodeURIComponent(m[1]) : `danh-sach-can-bo.${format}`);
      announce('Đã xuất tệp.');
    } catch (e) {
      exportMsg.textContent = e.status === 404 && e.code === 'not_found' && !e.field
        ? 'Máy chủ chưa hỗ trợ xuất danh sách ra tệp.' : e.message;
      exportMsg.hidden = false;
    } finally {
      btn.disabled = false;
      btn.textContent = old;
    }
  }

  const clearBtn = h('button', { type: 'button', class: 'btn btn-ghost', id: 'clear-filters', onclick: () => {
    for (const k of FILTERS) sel[k].value = '';
    search.value = '';
    state.delete('q');
    state.delete('sort');
    sortKey = null;
    for (const t of heads) t.setAttribute('aria-sort', 'none');
    onFilter();
  } }, 'Bỏ lọc');

  ctx.main.append(
    h('div', { class: 'page-head' }, h('h1', null, 'Cán bộ, công chức, viên chức'),
      h('div', { class: 'head-tools' },
        h('button', { type: 'button', class: 'btn', id: 'export-xlsx', onclick: () => exportAs('xlsx') }, 'Xuất Excel'),
        h('button', { type: 'button', class: 'btn', id: 'export-csv', onclick: () => exportAs('csv') }, 'Xuất CSV'))),
    exportMsg,
    h('div', { class: 'searchbar' }, h('label', { for: 'people-search' }, 'Tìm kiếm'), search),
    h('details', { class: 'filter-panel', open: FILTERS.some((k) => state.get(k)) || window.innerWidth > 1100 },
      h('summary', null, 'Bộ lọc'), filterBox, h('div', { class: 'actions' }, clearBtn)),
    h('div', { class: 'list-head' }, resultLine, h('div', { class: 'inline-form' }, h('label', { for: 'per-page' }, 'Số dòng mỗi trang'), perPage)),
    sortNote,
    h('div', { class: 'table-wrap' }, h('table', { class: 'table table-people', id: 'people-table' },
      h('caption', { class: 'visually-hidden' }, 'Danh sách cán bộ, công chức, viên chức'),
      h('thead', null, h('tr', null, h('th', { scope: 'col', class: 'num' }, 'STT'), heads)), tbody)),
    pager);
  ctx.keepFocus = !!state.get('q');
  await load();
  if (ctx.keepFocus) search.focus();
}

/** A dashboard group as a full, paged list. */
async function dashboardList(ctx, kind) {
  const meta = LISTS[kind];
  ctx.setTitle(meta.title);
  const unit = ctx.query.get('unit');
  const rows = [];
  let r;
  for (let page = 1; page < 100; page++) {
    r = await get(`/stats/dashboard/${kind}?per_page=500&page=${page}` + (unit ? `&unit=${encodeURIComponent(unit)}` : ''), { signal: ctx.signal });
    rows.push(...r.items);
    if (rows.length >= r.total || !r.items.length) break;
  }
  const { sortableTable } = await import('../table.js');
  ctx.main.append(
    h('div', { class: 'page-head' }, h('h1', null, meta.title)),
    h('p', { class: 'scope-line' }, `${fmtNum(r.count)} người, ${meta.when(r)}`, r.scope.unit ? ` — ${r.scope.unit.name} và các đơn vị trực thuộc.` : '.',
      ' ', h('a', { href: '#/people' + (unit ? '?unit=' + unit : '') }, 'Xem toàn bộ danh sách')),
    sortableTable({ id: 'list-table', columns: LIST_COLUMNS[kind], rows, csvName: `${kind}.csv` }));
  performance.mark('people-rows-rendered');
}

export { toCsv };
