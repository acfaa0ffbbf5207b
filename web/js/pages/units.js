// Cơ cấu tổ chức: the unit tree as of a date (GET /api/v1/units?as_of=),
// expand/collapse (mouse and keyboard), search that ignores case and
// diacritics (đ = d), headcount and quota per unit and per subtree.
import { get } from '../api.js';
import { h, clear, fold, fmtDate, fmtNum, parseDate, todayIso, debounce, announce } from '../util.js';
import { UNIT_TYPES } from '../fields.js';
import { replaceQuery } from '../main.js';

export async function unitsPage(ctx) {
  ctx.setTitle('Cơ cấu tổ chức');
  let asOf = ctx.query.get('as_of') || todayIso();
  const treeBox = h('div', { class: 'tree-box' });
  const info = h('p', { class: 'scope-line', id: 'tree-info' });
  const err = h('p', { class: 'field-error', id: 'asof-error', hidden: true });
  const asOfInput = h('input', { id: 'as-of', name: 'as_of', value: fmtDate(asOf), placeholder: 'dd/mm/yyyy', inputmode: 'numeric', size: 11, 'aria-describedby': 'asof-error' });
  const search = h('input', { id: 'tree-search', type: 'search', placeholder: 'Tìm đơn vị (không cần gõ dấu)', autocomplete: 'off' });
  const countLine = h('span', { class: 'muted', id: 'tree-count', 'aria-live': 'polite' });

  let nodes = [];      // {item, li, row, childUl, toggle, children[], parent, totalH, totalQ}
  let byId = new Map();

  function setExpanded(n, open) {
    if (!n.childUl) return;
    n.li.setAttribute('aria-expanded', open ? 'true' : 'false');
    n.childUl.hidden = !open;
    n.toggle.setAttribute('aria-label', (open ? 'Thu gọn ' : 'Mở rộng ') + n.item.name);
    n.toggle.textContent = open ? '−' : '+';
  }

  function visibleLinks() {
    return [...treeBox.querySelectorAll('a.unit-link')].filter((a) => a.offsetParent !== null);
  }

  function build(items) {
    nodes = [];
    byId = new Map();
    for (const it of items) {
      const n = { item: it, children: [], parent: null, totalH: it.headcount || 0, totalQ: it.quota || 0 };
      nodes.push(n);
      byId.set(it.id, n);
    }
    const roots = [];
    for (const n of nodes) {
      const p = n.item.parent_id != null ? byId.get(n.item.parent_id) : null;
      if (p) { n.parent = p; p.children.push(n); } else roots.push(n);
    }
    for (let i = nodes.length - 1; i >= 0; i--) { // depth-first order: children come after parents
      const n = nodes[i];
      if (n.parent) { n.parent.totalH += n.totalH; n.parent.totalQ += n.totalQ; }
    }
    const makeLi = (n) => {
      const it = n.item;
      const link = h('a', { class: 'unit-link', href: `#/people?unit=${it.id}`, 'data-id': it.id }, it.name);
      n.link = link;
      const badges = h('span', { class: 'unit-meta' },
        h('span', { class: 'badge' }, UNIT_TYPES[it.type] || it.type),
        h('span', { class: 'unit-count', title: 'Số người hiện có / biên chế của riêng đơn vị' },
          `${fmtNum(it.headcount)}${it.quota != null ? ' / ' + fmtNum(it.quota) : ''}`),
        n.children.length ? h('span', { class: 'unit-total', title: 'Cả đơn vị và các đơn vị trực thuộc' },
          `Cả khối: ${fmtNum(n.totalH)} / ${fmtNum(n.totalQ)}`) : null);
      n.toggle = n.children.length ? h('button', { type: 'button', class: 'tree-toggle' }, '+') : h('span', { class: 'tree-spacer', 'aria-hidden': 'true' });
      n.row = h('div', { class: 'tree-row' }, n.toggle, link, badges);
      n.li = h('li', { role: 'treeitem', 'aria-level': it.depth + 1 }, n.row);
      if (n.children.length) {
        n.childUl = h('ul', { role: 'group' }, n.children.map(makeLi));
        n.li.appendChild(n.childUl);
        n.toggle.addEventListener('click', () => setExpanded(n, n.childUl.hidden));
        setExpanded(n, it.depth < 1);
      }
      return n.li;
    };
    const tree = h('ul', { role: 'tree', class: 'tree', id: 'unit-tree', 'aria-label': 'Cơ cấu tổ chức' }, roots.map(makeLi));
    tree.addEventListener('keydown', onKey);
    clear(treeBox).appendChild(tree);
    if (!items.length) treeBox.appendChild(h('p', { class: 'muted' }, 'Không có đơn vị nào vào ngày này.'));
  }

  function onKey(e) {
    const a = e.target.closest('a.unit-link');
    if (!a) return;
    const n = byId.get(+a.dataset.id);
    const links = visibleLinks();
    const i = links.indexOf(a);
    let handled = true;
    if (e.key === 'ArrowDown' && i < links.length - 1) links[i + 1].focus();
    else if (e.key === 'ArrowUp' && i > 0) links[i - 1].focus();
    else if (e.key === 'ArrowRight' && n.childUl) { if (n.childUl.hidden) setExpanded(n, true); else n.children[0].link.focus(); }
    else if (e.key === 'ArrowLeft') { if (n.childUl && !n.childUl.hidden) setExpanded(n, false); else if (n.parent) n.parent.link.focus(); }
    else if (e.key === 'Home' && links.length) links[0].focus();
    else if (e.key === 'End' && links.length) links[links.length - 1].focus();
    else if (e.key === '+' || e.key === '*') { if (n.childUl) setExpanded(n, true); }
    else if (e.key === '-') { if (n.childUl) setExpanded(n, false); }
    else handled = false;
    if (handled) e.preventDefault();
  }

  function applySearch() {
    const q = fold(search.value);
    for (const n of nodes) {
      n.li.hidden = false;
      n.link.classList.remove('match');
    }
    if (!q) {
      for (const n of nodes) setExpanded(n, n.item.depth < 1);
      countLine.textContent = '';
      return;
    }
    const keep = new Set();
    let matches = 0;
    for (const n of nodes) {
      if (!fold(n.item.name + ' ' + (n.item.code || '')).includes(q)) continue;
      matches++;
      n.link.classList.add('match');
      for (let p = n; p && !keep.has(p); p = p.parent) keep.add(p);
    }
    for (const n of nodes) {
      n.li.hidden = !keep.has(n);
      if (n.childUl) setExpanded(n, keep.has(n) && n.children.some((c) => keep.has(c)));
    }
    countLine.textContent = matches ? `${fmtNum(matches)} đơn vị khớp` : 'Không có đơn vị nào khớp';
  }

  async function load() {
    const items = (await get('/units?as_of=' + encodeURIComponent(asOf), { signal: ctx.signal })).items;
    build(items);
    const total = nodes.filter((n) => !n.parent).reduce((s, n) => s + n.totalH, 0);
    const quota = nodes.filter((n) => !n.parent).reduce((s, n) => s + n.totalQ, 0);
    info.textContent = `Cơ cấu tổ chức ngày ${fmtDate(asOf)}: ${fmtNum(items.length)} đơn vị, ${fmtNum(total)} người, biên chế ${fmtNum(quota)}. Số bên cạnh mỗi đơn vị: hiện có / biên chế.`;
    if (search.value) applySearch();
    announce(info.textContent);
  }

  const asOfForm = h('form', { class: 'inline-form', id: 'asof-form' },
    h('label', { for: 'as-of' }, 'Xem cơ cấu vào ngày'), asOfInput,
    h('button', { type: 'submit', class: 'btn' }, 'Xem'),
    h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => { asOfInput.value = fmtDate(todayIso()); asOfForm.requestSubmit(); } }, 'Hôm nay'), err);
  asOfForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const iso = parseDate(asOfInput.value);
    if (!iso) {
      err.textContent = 'Ngày phải có dạng dd/mm/yyyy và là ngày có thật.';
      err.hidden = false;
      asOfInput.setAttribute('aria-invalid', 'true');
      asOfInput.focus();
      return;
    }
    err.hidden = true;
    asOfInput.removeAttribute('aria-invalid');
    asOf = iso;
    const q = new URLSearchParams(ctx.query);
    if (iso === todayIso()) q.delete('as_of'); else q.set('as_of', iso);
    replaceQuery('/units', q);
    await load();
  });
  search.addEventListener('input', debounce(applySearch, 150));
  search.addEventListener('keydown', (e) => { if (e.key === 'Escape') { search.value = ''; applySearch(); } });

  ctx.main.append(
    h('div', { class: 'page-head' }, h('h1', null, 'Cơ cấu tổ chức')),
    h('div', { class: 'toolbar' }, asOfForm,
      h('div', { class: 'inline-form' }, h('label', { for: 'tree-search' }, 'Tìm'), search, countLine),
      h('div', { class: 'inline-form' },
        h('button', { type: 'button', class: 'btn btn-ghost', id: 'expand-all', onclick: () => nodes.forEach((n) => setExpanded(n, true)) }, 'Mở rộng tất cả'),
        h('button', { type: 'button', class: 'btn btn-ghost', id: 'collapse-all', onclick: () => nodes.forEach((n) => setExpanded(n, n.item.depth < 0)) }, 'Thu gọn tất cả'))),
    h('p', { class: 'hint' }, 'Bàn phím: phím mũi tên lên/xuống để di chuyển, phải/trái để mở rộng/thu gọn, Enter để xem danh sách người của đơn vị.'),
    info, treeBox);
  await load();
}
