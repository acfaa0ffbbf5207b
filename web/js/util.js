// Small helpers shared by the pages: DOM building, Vietnamese text folding,
// dates (dd/mm/yyyy in the UI, ISO on the wire), numbers.

/** Builds an element. attrs: class, text, html is never used (no innerHTML);
 *  on<event> functions become listeners; other keys become attributes
 *  (true -> empty attribute, false/null/undefined -> omitted). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
      else if (k === 'value' && (tag === 'input' || tag === 'textarea' || tag === 'select')) el.value = v;
      else if (k === 'checked' || k === 'selected' || k === 'disabled' || k === 'hidden') el[k] = !!v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** Case- and diacritics-insensitive form; đ/Đ -> d (as the server's vn_fold). */
export function fold(s) {
  return String(s ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const pad = (n, w = 2) => String(n).padStart(w, '0');

/** 'YYYY-MM-DD' -> 'dd/mm/yyyy'; 'YYYY-MM' -> 'mm/yyyy'; '' for nothing. */
export function fmtDate(iso) {
  if (!iso) return '';
  let m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  m = /^(\d{4})-(\d{2})$/.exec(iso);
  if (m) return `${m[2]}/${m[1]}`;
  return String(iso);
}

/** Birth date shown with its precision (0 full, 1 month, 2 year). */
export function fmtBirth(iso, precision) {
  if (!iso) return '';
  if (precision === 2) return iso.slice(0, 4);
  if (precision === 1) return fmtDate(iso.slice(0, 7));
  return fmtDate(iso);
}

function realDate(y, m, d) {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** 'dd/mm/yyyy' (also d/m/yyyy, and ISO) -> 'YYYY-MM-DD', or null. */
export function parseDate(s) {
  s = String(s ?? '').trim();
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m) {
    const d = +m[1], mo = +m[2], y = +m[3];
    return realDate(y, mo, d) ? `${y}-${pad(mo)}-${pad(d)}` : null;
  }
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return realDate(+m[1], +m[2], +m[3]) ? s : null;
  return null;
}

/** 'mm/yyyy' -> 'YYYY-MM', or null. */
export function parseMonth(s) {
  s = String(s ?? '').trim();
  let m = /^(\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m && +m[1] >= 1 && +m[1] <= 12) return `${m[2]}-${pad(+m[1])}`;
  m = /^(\d{4})-(\d{2})$/.exec(s);
  if (m && +m[2] >= 1 && +m[2] <= 12) return s;
  return null;
}

/** Today in Vietnam as ISO. */
export function todayIso() {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return parts;
}

/** '2026-11-24T07:13:22Z' -> '24/11/2026 14:13' (Vietnam time). */
export function fmtDateTime(ts) {
  if (!ts) return '';
  const d = new Date(ts);
  if (isNaN(d)) return String(ts);
  const f = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
  const p = Object.fromEntries(f.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

const nf = new Intl.NumberFormat('vi-VN');
export const fmtNum = (n) => (n === null || n === undefined ? '' : nf.format(n));
/** Coefficient x100 -> '3,33'. */
export const fmtCoef = (x) => (x === null || x === undefined ? '' : (x / 100).toFixed(2).replace('.', ','));
export const sexName = (s) => (s === 1 ? 'Nam' : s === 2 ? 'Nữ' : '');

export function debounce(fn, ms) {
  let t = null;
  const d = (...a) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...a), ms);
  };
  d.cancel = () => clearTimeout(t);
  return d;
}

/** Vietnamese collation for client-side sorting. */
const coll = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });
export const compareVi = (a, b) => coll.compare(String(a ?? ''), String(b ?? ''));

/** A live region for short status messages (screen readers). */
export function announce(text) {
  const r = document.getElementById('live');
  if (r) {
    r.textContent = '';
    setTimeout(() => { r.textContent = text; }, 10);
  }
}

/** A download of a fetched reply (keeps error replies on screen, not in a file). */
export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: filename, class: 'visually-hidden' });
  document.body.appendChild(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(url); a.remove(); }, 1000);
}
