// canbo web UI: hash routing, the page frame (navigation by role, user box),
// session start and the return to the login page when the session ends.
import { session, loadMe, logout, signedInBefore, setUnauthenticatedHandler, role } from './api.js';
import { h, clear } from './util.js';
import { loginPage } from './pages/login.js';
import { homePage } from './pages/home.js';
import { unitsPage } from './pages/units.js';
import { peoplePage } from './pages/people.js';
import { personPage, printPage } from './pages/person.js';
import { vacanciesPage } from './pages/vacancies.js';
import { proposalsPage } from './pages/proposals.js';
import { mePage } from './pages/me.js';
import { importPage } from './pages/import.js';
// Feature modules: each exports `routes` ([regex, page, opts]) and `nav` ([href, label, roles]).
import * as evalPages from './pages/eval_index.js';
import * as examBankPages from './pages/exam_bank_index.js';
import * as examSittingPages from './pages/exam_sitting_index.js';
import * as examGradingPages from './pages/exam_grading_index.js';
import * as evalReportPages from './pages/eval_reports_index.js';
const FEATURES = [evalPages, evalReportPages, examBankPages, examSittingPages, examGradingPages];

const ROUTES = [
  [/^\/login$/, loginPage, { public: true }],
  [/^\/$/, homePage],
  [/^\/units$/, unitsPage, { roles: ['admin', 'officer', 'leader'] }],
  [/^\/people$/, peoplePage, { roles: ['admin', 'officer', 'leader'] }],
  [/^\/people\/(\d+)$/, personPage],
  [/^\/people\/(\d+)\/print$/, printPage, { bare: true }],
  [/^\/vacancies$/, vacanciesPage, { roles: ['admin', 'officer', 'leader'] }],
  [/^\/proposals$/, proposalsPage, { roles: ['admin', 'officer'] }],
  [/^\/me$/, mePage, { roles: ['staff'] }],
  [/^\/import$/, importPage, { roles: ['admin', 'officer'] }],
  ...FEATURES.flatMap((f) => f.routes),
];

const NAV = [
  ['#/', 'Tổng quan', ['admin', 'officer', 'leader']],
  ['#/units', 'Tổ chức', ['admin', 'officer', 'leader']],
  ['#/people', 'Cán bộ, công chức', ['admin', 'officer', 'leader']],
  ['#/proposals', 'Đề nghị chờ duyệt', ['admin', 'officer']],
  ['#/import', 'Nhập dữ liệu', ['admin', 'officer']],
  ['#/me', 'Hồ sơ của tôi', ['staff']],
  ...FEATURES.flatMap((f) => f.nav),
];

const ROLE_NAMES = { admin: 'Quản trị hệ thống', officer: 'Cán bộ tổ chức', leader: 'Lãnh đạo đơn vị', staff: 'Cán bộ, công chức' };

const main = document.getElementById('main');
let current = null; // { abort: AbortController, cleanup }

export function parseHash() {
  const raw = location.hash.startsWith('#/') ? location.hash.slice(1) : '/';
  const i = raw.indexOf('?');
  const path = i < 0 ? raw : raw.slice(0, i);
  const query = new URLSearchParams(i < 0 ? '' : raw.slice(i + 1));
  return { path: path || '/', query };
}

export function navigate(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

/** Changes the address without re-rendering (filters, tabs). */
export function replaceQuery(path, query) {
  const q = query.toString();
  history.replaceState(null, '', '#' + path + (q ? '?' + q : ''));
}

function renderFrame(bare) {
  document.body.classList.toggle('bare', !!bare);
  const nav = document.getElementById('mainnav');
  const box = document.getElementById('userbox');
  clear(nav);
  clear(box);
  if (!session.user) return;
  const { path } = parseHash();
  const ul = h('ul');
  const entries = NAV.filter(([, , roles]) => roles.includes(role()));
  // One entry is current: the longest target that is the path or a prefix of it
  // (#/exam/marking belongs to «Chấm thi», not also to «Thi, sát hạch» at #/exam).
  const matches = (target) => (target === '/' ? path === '/' : path === target || path.startsWith(target + '/'));
  let best = null;
  for (const [href] of entries) {
    const target = href.slice(1);
    if (matches(target) && (!best || target.length > best.length)) best = target;
  }
  for (const [href, label] of entries) {
    const active = href.slice(1) === best;
    ul.appendChild(h('li', null, h('a', { href, 'aria-current': active ? 'page' : null }, label)));
  }
  nav.appendChild(ul);
  box.appendChild(h('span', { class: 'user-name' }, session.user.display_name || session.user.username));
  const rn = ROLE_NAMES[role()] || role();
  if (rn !== session.user.display_name) box.appendChild(h('span', { class: 'user-role' }, rn));
  box.appendChild(h('button', {
    type: 'button', class: 'btn btn-ghost', id: 'logout',
    // The page's requests still in flight are cancelled first: after the
    // logout they could only come back 401.
    onclick: async () => { if (current) current.abort.abort(); await logout(); navigate('#/login'); },
  }, 'Đăng xuất'));
}

export async function route() {
  const { path, query } = parseHash();
  let match = null;
  for (const [re, page, opts] of ROUTES) {
    const m = re.exec(path);
    if (m) { match = { page, opts: opts || {}, params: m.slice(1) }; break; }
  }
  if (current) {
    current.abort.abort();
    if (current.cleanup) try { current.cleanup(); } catch { /* ignore */ }
    current = null;
  }
  if (!match) { navigate('#/'); return; }
  if (!match.opts.public && !session.user) {
    const next = location.hash && location.hash !== '#/login' ? location.hash : '';
    location.hash = '#/login' + (next ? '?next=' + encodeURIComponent(next) : '');
    return;
  }
  if (session.user && match.opts.roles && !match.opts.roles.includes(role())) {
    navigate(role() === 'staff' ? '#/me' : '#/');
    return;
  }
  if (session.user && path === '/' && role() === 'staff') { navigate('#/me'); return; }
  const abort = new AbortController();
  current = { abort, cleanup: null };
  renderFrame(match.opts.bare || match.opts.public);
  clear(main);
  main.className = 'main';
  const ctx = {
    params: match.params, query, path, main, signal: abort.signal,
    setTitle: (t) => { document.title = `${t} – canbo`; },
  };
  try {
    const cleanup = await match.page(ctx);
    if (current && current.abort === abort) current.cleanup = cleanup || null;
  } catch (e) {
    if (e.name === 'AbortError' || abort.signal.aborted) return;
    if (e.status === 401) return; // the handler already went to the login page
    clear(main);
    main.appendChild(h('div', { class: 'alert alert-error', role: 'alert' },
      e.status === 404 ? 'Không tìm thấy nội dung này, hoặc nội dung nằm ngoài phạm vi quản lý của bạn.' : e.message || 'Đã có lỗi.'));
  }
  if (!ctx.keepFocus) {
    const h1 = main.querySelector('h1');
    if (h1 && !main.querySelector('[autofocus]')) { h1.setAttribute('tabindex', '-1'); h1.focus({ preventScroll: true }); }
  }
}

setUnauthenticatedHandler(() => {
  if (location.hash.startsWith('#/login')) return; // several requests may fail at once
  renderFrame(true);
  const next = location.hash && !location.hash.startsWith('#/login') ? location.hash : '';
  location.hash = '#/login' + (next ? '?next=' + encodeURIComponent(next) : '') + (next ? '&expired=1' : '?expired=1');
});

async function start() {
  document.getElementById('skip').addEventListener('click', (e) => {
    e.preventDefault();
    main.focus();
  });
  if (signedInBefore()) {
    try { await loadMe(); } catch { /* signed out or expired: the login page */ }
  }
  window.addEventListener('hashchange', route);
  route();
}

start();
