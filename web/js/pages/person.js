// Hồ sơ một người, trình bày theo Mẫu 2C-BNV/2008, with a tab for each
// history, editing with the API's messages next to the fields, the audit
// history, the printable CV (PDF) and a print-styled page.
import { get, api, ref, session, canWrite, canReadSensitive, role, unitsNow } from '../api.js';
import { h, clear, fmtDate, fmtBirth, fmtDateTime, fmtNum, fmtCoef, sexName, parseDate, parseMonth, announce } from '../util.js';
import { FIELDS, FIELD, SECTIONS, PRECISION, HISTORIES, STATUS, auditAction, fieldLabel } from '../fields.js';
import { replaceQuery } from '../main.js';

const TABS = [
  ['2c', 'Sơ yếu lý lịch'],
  ['postings', 'Quá trình công tác'],
  ['salary_history', 'Diễn biến lương'],
  ['training', 'Đào tạo, bồi dưỡng'],
  ['work_history', 'Tóm tắt quá trình công tác'],
  ['family', 'Quan hệ gia đình'],
  ['awards', 'Khen thưởng'],
  ['discipline', 'Kỷ luật'],
  ['tests', 'Kiểm tra, sát hạch'],
  ['audit', 'Lịch sử thay đổi'],
];

/** Reference lists used to show codes as names. */
async function refs() {
  const [levels, eth, rel] = await Promise.all([ref('levels'), ref('ethnicities'), ref('religions')]);
  const levelName = {};
  for (const l of levels) levelName[l.kind + ':' + l.code] = l.name;
  return { levels, eth, rel, levelName };
}

function valueText(f, p, R) {
  const v = p[f.name];
  if (v === null || v === undefined || v === '') return '';
  switch (f.type) {
    case 'date': return f.name === 'birth_date' ? fmtBirth(v, p.birth_precision) : fmtDate(v);
    case 'sex': return sexName(v);
    case 'ethnicity': return p.ethnicity_name || (R.eth.find((x) => x.id === v) || {}).name || String(v);
    case 'religion': return p.religion_name || (R.rel.find((x) => x.id === v) || {}).name || String(v);
    case 'precision': return (PRECISION.find(([k]) => k === v) || [0, ''])[1];
    default:
      if (f.type.startsWith('level:')) return R.levelName[f.type.slice(6) + ':' + v] || String(v);
      return String(v);
  }
}

function statusName(s) { return (STATUS.find(([k]) => k === s) || [s, s])[1]; }

/** Values in audit entries: dates shown as dd/mm/yyyy. */
function auditValue(v) {
  if (v === null || v === undefined) return '(trống)';
  if (typeof v === 'string' && /^\d{4}-\d{2}(-\d{2})?$/.test(v)) return fmtDate(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export async function personPage(ctx) {
  const id = ctx.params[0];
  ctx.main.classList.add('wide');
  const own = role() === 'staff' && String(session.user.person_id) === id;
  const mayFamily = canReadSensitive() || own;
  let include = [];
  let p = await get(`/people/${id}`, { signal: ctx.signal });
  const R = await refs();
  ctx.setTitle(p.full_name);
  let tab = ctx.query.get('tab') || '2c';
  if (!TABS.some(([k]) => k === tab)) tab = '2c';
  const panel = h('div', { class: 'tabpanel', role: 'tabpanel', id: 'tabpanel', tabindex: '0' });
  const notice = h('div', { id: 'person-notice', role: 'status' });
  const headBox = h('div');

  const visibleTabs = TABS.filter(([k]) => (k !== 'family' || mayFamily) && (k !== 'audit' || role() !== 'staff'));
  const tabButtons = visibleTabs.map(([k, label]) => h('button', {
    type: 'button', role: 'tab', id: 'tab-' + k, 'aria-controls': 'tabpanel', 'aria-selected': k === tab ? 'true' : 'false',
    tabindex: k === tab ? '0' : '-1', onclick: () => selectTab(k, true),
  }, label));
  const tablist = h('div', { role: 'tablist', class: 'tabs', 'aria-label': 'Các phần của hồ sơ' }, tabButtons);
  tablist.addEventListener('keydown', (e) => {
    const i = tabButtons.indexOf(document.activeElement);
    if (i < 0) return;
    let j = null;
    if (e.key === 'ArrowRight') j = (i + 1) % tabButtons.length;
    if (e.key === 'ArrowLeft') j = (i - 1 + tabButtons.length) % tabButtons.length;
    if (e.key === 'Home') j = 0;
    if (e.key === 'End') j = tabButtons.length - 1;
    if (j !== null) { e.preventDefault(); tabButtons[j].focus(); selectTab(visibleTabs[j][0], false); }
  });

  function say(text, kind = 'success') {
    clear(notice).appendChild(h('div', { class: `alert alert-${kind}` }, text));
    announce(text);
  }

  async function reload() {
    p = await get(`/people/${id}` + (include.length ? '?include=' + include.join(',') : ''), { signal: ctx.signal });
    renderHead();
  }

  function renderHead() {
    const c = p.computed || {};
    clear(headBox).append(
      h('div', { class: 'page-head' },
        h('div', null, h('h1', null, p.full_name), h('p', { class: 'subtitle' },
          [p.title_name || p.position, p.unit_name].filter(Boolean).join(' – ') || 'Chưa có quá trình công tác')),
        h('div', { class: 'head-tools' },
          h('a', { class: 'btn', href: `#/people/${id}/print`, id: 'print-link' }, 'Bản in Mẫu 2C'),
          h('a', { class: 'btn', href: `#/eval/people/${id}`, id: 'eval-link' }, 'Điểm, xếp loại'),
          h('a', { class: 'btn', href: `/api/v1/people/${id}/cv.pdf`, id: 'cv-pdf', download: `so-yeu-ly-lich-${id}.pdf` }, 'Tải lý lịch (PDF)'))),
      h('dl', { class: 'facts' },
        fact('Tuổi', c.age != null ? String(c.age) : ''),
        fact('Trạng thái', statusName(p.status)),
        fact('Nghỉ hưu dự kiến', c.retirement ? `${fmtDate(c.retirement.date)} (${c.retirement.age.years} tuổi${c.retirement.age.months ? ' ' + c.retirement.age.months + ' tháng' : ''})` : ''),
        fact('Nâng lương kế tiếp', c.next_salary_step ? `${fmtDate(c.next_salary_step.due)}: ${c.next_salary_step.at_top ? 'vượt khung ' + c.next_salary_step.vk_percent + '%' : 'bậc ' + c.next_salary_step.step + ' (' + fmtCoef(c.next_salary_step.coef_x100) + ')'}` : ''),
        fact('Hết nhiệm kỳ', c.term_end ? fmtDate(c.term_end) : '')));
  }

  function fact(label, value) {
    if (!value) return null;
    return h('div', { class: 'fact' }, h('dt', null, label), h('dd', null, value));
  }

  function selectTab(k, focusPanel) {
    tab = k;
    for (const b of tabButtons) {
      const on = b.id === 'tab-' + k;
      b.setAttribute('aria-selected', on ? 'true' : 'false');
      b.tabIndex = on ? 0 : -1;
    }
    panel.setAttribute('aria-labelledby', 'tab-' + k);
    const q = new URLSearchParams(ctx.query);
    if (k === '2c') q.delete('tab'); else q.set('tab', k);
    replaceQuery(`/people/${id}`, q);
    clear(notice);
    renderTab().catch((e) => { clear(panel).appendChild(h('div', { class: 'alert alert-error', role: 'alert' }, e.message)); });
    if (focusPanel) { /* keep focus on the tab (WAI-ARIA tabs) */ }
  }

  async function renderTab() {
    clear(panel);
    if (tab === '2c') return render2C(false);
    if (tab === 'audit') return renderAudit();
    if (tab === 'tests') return renderTests();
    if (tab === 'family' && !include.includes('family')) {
      include.push('family');
      await reload();
    }
    return renderHistory(tab);
  }

  // --- Sơ yếu lý lịch ------------------------------------------------------------
  function render2C() {
    const sensitiveShown = include.includes('health');
    const tools = h('div', { class: 'panel-tools' },
      canWrite() ? h('button', { type: 'button', class: 'btn btn-primary', id: 'edit-person', onclick: renderEdit }, 'Sửa hồ sơ') : null,
      canReadSensitive() && !sensitiveShown ? h('button', { type: 'button', class: 'btn btn-ghost', id: 'show-sensitive', onclick: async () => {
        include.push('health', 'political');
        await reload();
        clear(panel);
        render2C();
      } }, 'Hiện mục 23 và 29 (việc xem được ghi vào nhật ký)') : null);
    const sections = SECTIONS.map((s) => {
      const rows = [];
      const hiddenGroups = new Set();
      for (const f of FIELDS) {
        if (!s.items.includes(f.item)) continue;
        if (f.group && !(f.name in p)) {
          if (!hiddenGroups.has(f.group)) {
            hiddenGroups.add(f.group);
            rows.push(h('div', { class: 'kv' }, h('dt', null, h('span', { class: 'item-no' }, f.item + '.'), f.group === 'health' ? ' Sức khỏe' : ' Đặc điểm lịch sử bản thân'),
              h('dd', { class: 'muted' }, 'Thông tin nhạy cảm, chưa hiển thị.')));
          }
          continue;
        }
        rows.push(h('div', { class: 'kv' }, h('dt', null, h('span', { class: 'item-no' }, f.item + '.'), ' ', f.label), h('dd', { 'data-field': f.name }, valueText(f, p, R) || '—')));
      }
      if (s.items.includes('11')) {
        rows.push(h('div', { class: 'kv' }, h('dt', null, h('span', { class: 'item-no' }, '12.'), ' Chức vụ, chức danh hiện tại'), h('dd', null, [p.title_name, p.position, p.unit_name].filter(Boolean).join(' – ') || '—')));
        rows.push(h('div', { class: 'kv' }, h('dt', null, h('span', { class: 'item-no' }, '14.'), ' Ngạch, bậc, hệ số lương'), h('dd', null,
          p.rank_code ? `${p.rank_name || ''} (mã ${p.rank_code}), bậc ${p.salary_step}, hệ số ${fmtCoef(p.coef_x100)}${p.vk_percent ? ', vượt khung ' + p.vk_percent + '%' : ''}, hưởng từ ${fmtDate(p.salary_since)}` : '—')));
      }
      if (!rows.length) return null;
      return h('section', { class: 'form-section' }, h('h2', null, s.title), h('dl', { class: 'kv-list' }, rows));
    });
    panel.append(tools, ...sections.filter(Boolean));
  }

  // --- editing ----------------------------------------------------------------
  function inputFor(f, value) {
    const id = 'e-' + f.name;
    const common = { id, name: f.name, 'aria-describedby': 'err-' + f.name, required: f.required || null };
    let input;
    if (f.type === 'textarea') input = h('textarea', { ...common, rows: 3, maxlength: f.max }, value ?? '');
    else if (f.type === 'date') input = h('input', { ...common, value: value ? fmtDate(value) : '', placeholder: 'dd/mm/yyyy', inputmode: 'numeric', size: 11 });
    else if (f.type === 'int') input = h('input', { ...common, value: value ?? '', inputmode: 'numeric', size: 6 });
    else if (f.type === 'sex') input = h('select', common, h('option', { value: '1', selected: value === 1 }, 'Nam'), h('option', { value: '2', selected: value === 2 }, 'Nữ'));
    else if (f.type === 'precision') input = h('select', common, PRECISION.map(([k, t]) => h('option', { value: k, selected: (value ?? 0) === k }, t)));
    else if (f.type === 'ethnicity' || f.type === 'religion') {
      const list = f.type === 'ethnicity' ? R.eth : R.rel;
      input = h('select', common, h('option', { value: '' }, '—'), list.map((x) => h('option', { value: x.id, selected: x.id === value }, x.name)));
    } else if (f.type.startsWith('level:')) {
      const kind = f.type.slice(6);
      input = h('select', common, h('option', { value: '' }, '—'), R.levels.filter((l) => l.kind === kind).map((l) => h('option', { value: l.code, selected: l.code === value }, l.name)));
    } else input = h('input', { ...common, value: value ?? '', maxlength: f.max ? Math.max(f.max, 12) : null, inputmode: f.type === 'cccd' ? 'numeric' : null });
    return input;
  }

  /** Reads one input into an API value; returns {value} or {error}. */
  function readInput(f, el) {
    const raw = el.value.trim();
    if (raw === '') return f.required ? { error: `Trường «${f.label}» là bắt buộc.` } : { value: null };
    if (f.type === 'date') {
      const iso = parseDate(raw);
      return iso ? { value: iso } : { error: 'Ngày phải có dạng dd/mm/yyyy và là ngày có thật.' };
    }
    if (['int', 'sex', 'precision', 'ethnicity', 'religion'].includes(f.type)) {
      if (!/^\d+$/.test(raw)) return { error: `«${f.label}» phải là số nguyên.` };
      return { value: parseInt(raw, 10) };
    }
    return { value: f.type === 'textarea' ? el.value : raw };
  }

  function renderEdit() {
    clear(panel);
    clear(notice);
    const errBox = h('div', { class: 'alert alert-error', role: 'alert', id: 'form-error', hidden: true });
    const inputs = {};
    const sections = SECTIONS.map((s) => {
      const fields = FIELDS.filter((f) => s.items.includes(f.item) && (!f.group || f.name in p));
      if (!fields.length) return null;
      return h('fieldset', { class: 'form-section' }, h('legend', null, s.title),
        h('div', { class: 'form-grid' }, fields.map((f) => {
          const input = inputFor(f, p[f.name]);
          inputs[f.name] = input;
          return h('div', { class: 'field' + (f.type === 'textarea' ? ' field-wide' : '') },
            h('label', { for: input.id }, h('span', { class: 'item-no' }, f.item + '.'), ' ', f.label, f.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
            input, h('p', { class: 'field-error', id: 'err-' + f.name, hidden: true }));
        })));
    });
    const save = h('button', { type: 'submit', class: 'btn btn-primary', id: 'save-person' }, 'Lưu thay đổi');
    const cancel = h('button', { type: 'button', class: 'btn', id: 'cancel-edit', onclick: () => { clear(panel); render2C(); } }, 'Hủy');
    const form = h('form', { class: 'person-form', id: 'person-form', novalidate: true },
      h('p', { class: 'hint' }, 'Ngày nhập theo dạng dd/mm/yyyy. Các trường có dấu * là bắt buộc. Nhấn Esc để hủy.'),
      errBox, ...sections.filter(Boolean), h('div', { class: 'actions sticky-actions' }, save, cancel));
    form.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.preventDefault(); cancel.click(); } });

    const clearErrors = () => {
      errBox.hidden = true;
      for (const [name, el] of Object.entries(inputs)) {
        el.removeAttribute('aria-invalid');
        const pe = document.getElementById('err-' + name);
        pe.hidden = true;
        pe.textContent = '';
      }
    };
    const showFieldError = (name, message) => {
      const el = inputs[name];
      if (!el) { errBox.textContent = message; errBox.hidden = false; errBox.focus?.(); return; }
      el.setAttribute('aria-invalid', 'true');
      const pe = document.getElementById('err-' + name);
      pe.textContent = message;
      pe.hidden = false;
      el.scrollIntoView({ block: 'center' });
      el.focus({ preventScroll: true });
    };
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors();
      const changes = {};
      for (const f of FIELDS) {
        const el = inputs[f.name];
        if (!el) continue;
        const r = readInput(f, el);
        if (r.error) { showFieldError(f.name, r.error); return; }
        const old = p[f.name] ?? null;
        if (r.value !== old && !(r.value === null && old === '')) changes[f.name] = r.value;
      }
      if (!Object.keys(changes).length) { errBox.textContent = 'Không có thay đổi nào để lưu.'; errBox.hidden = false; return; }
      save.disabled = true;
      try {
        await api('PATCH', `/people/${id}`, { ...changes, row_version: p.row_version });
        await reload();
        clear(panel);
        render2C();
        say(`Đã lưu thay đổi: ${Object.keys(changes).map((k) => FIELD[k].label).join(', ')}.`);
      } catch (ex) {
        if (ex.code === 'conflict') {
          errBox.textContent = ex.message;
          errBox.appendChild(h('button', { type: 'button', class: 'btn', onclick: async () => { await reload(); renderEdit(); } }, 'Tải lại hồ sơ'));
          errBox.hidden = false;
        } else if (ex.field) showFieldError(ex.field, ex.message);
        else { errBox.textContent = ex.message; errBox.hidden = false; }
      } finally {
        save.disabled = false;
      }
    });
    panel.appendChild(form);
    const first = inputs.full_name;
    if (first) first.focus();
  }

  // --- histories --------------------------------------------------------------
  function cellText(kind, v) {
    if (v === null || v === undefined) return '';
    if (kind === 'date') return fmtDate(v);
    if (kind === 'month') return fmtDate(v);
    if (kind === 'coef') return fmtCoef(v);
    if (kind === 'side') return v === 'self' ? 'Bản thân' : 'Bên vợ (chồng)';
    return String(v);
  }

  async function renderHistory(k) {
    const meta = HISTORIES[k];
    const rows = p[k] || [];
    const editable = canWrite() && (meta.edit || k === 'postings' || k === 'salary_history');
    const table = h('table', { class: 'table', id: 'history-' + k },
      h('caption', null, `${meta.item}. ${meta.title}`),
      h('thead', null, h('tr', null, meta.cols.map(([, t]) => h('th', { scope: 'col' }, t)), editable && meta.edit ? h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Thao tác')) : null)),
      h('tbody', null, rows.length ? rows.map((r) => h('tr', null, meta.cols.map(([c, , kind]) => h('td', null, cellText(kind, r[c]))),
        editable && meta.edit ? h('td', null, deleteButton(k, r)) : null))
        : h('tr', null, h('td', { colspan: meta.cols.length + 1, class: 'muted' }, 'Chưa có dòng nào.'))));
    panel.append(h('div', { class: 'table-wrap' }, table));
    if (editable) panel.append(await addForm(k));
  }

  function deleteButton(k, r) {
    const b = h('button', { type: 'button', class: 'btn btn-small btn-ghost' }, 'Xóa');
    b.addEventListener('click', async () => {
      if (!b.classList.contains('confirm')) {
        b.classList.add('confirm');
        b.textContent = 'Bấm lần nữa để xóa';
        setTimeout(() => { b.classList.remove('confirm'); b.textContent = 'Xóa'; }, 4000);
        return;
      }
      try {
        await api('DELETE', `/people/${id}/${HISTORIES[k].api}/${r.id}`);
        await reload();
        selectTab(k, false);
        say('Đã xóa dòng.');
      } catch (e) { say(e.message, 'error'); }
    });
    return b;
  }

  async function addForm(k) {
    let spec;
    if (k === 'postings') {
      const [units, titles] = await Promise.all([unitsNow(), ref('titles')]);
      spec = { title: 'Điều động, bổ nhiệm (mở quá trình công tác mới)', path: 'postings', fields: [
        ['unit_id', 'Đơn vị', 'select', true, units.map((u) => [u.id, '\u00a0\u00a0'.repeat(Math.min(u.depth, 6)) + u.name])],
        ['position', 'Vị trí việc làm', 'text'], ['title_id', 'Chức vụ', 'select', false, titles.map((t) => [t.id, t.name])],
        ['effective', 'Ngày hiệu lực (dd/mm/yyyy)', 'date', true], ['decision_no', 'Số quyết định', 'text'], ['reason', 'Lý do', 'text']] };
    } else if (k === 'salary_history') {
      const ranks = await ref('ranks');
      spec = { title: 'Nâng lương, chuyển ngạch', path: 'salary', fields: [
        ['rank_code', 'Ngạch', 'select', true, ranks.map((r) => [r.code, `${r.name} (${r.code})`]), p.rank_code],
        ['salary_step', 'Bậc', 'int', true], ['vk_percent', 'Vượt khung (%)', 'int'],
        ['effective', 'Ngày hưởng (dd/mm/yyyy)', 'date', true], ['decision_no', 'Số quyết định', 'text']] };
    } else {
      const m = HISTORIES[k];
      spec = { title: `Thêm dòng «${m.title}»`, path: m.api, fields: m.edit.map(([n, l, t, req]) => (t === 'side' ? [n, l, 'select', req, [['self', 'Bản thân'], ['spouse', 'Bên vợ (chồng)']]] : [n, l, t, req])) };
    }
    const inputs = {};
    const errAll = h('p', { class: 'field-error', role: 'alert', hidden: true });
    const grid = h('div', { class: 'form-grid' }, spec.fields.map(([n, label, type, req, options, preset]) => {
      const idn = `h-${k}-${n}`;
      const common = { id: idn, name: n, required: req || null, 'aria-describedby': `herr-${k}-${n}` };
      const input = type === 'select'
        ? h('select', common, req ? null : h('option', { value: '' }, '—'), options.map(([v, t]) => h('option', { value: v, selected: preset !== undefined && String(v) === String(preset) }, t)))
        : h('input', { ...common, inputmode: type === 'text' ? null : 'numeric', placeholder: type === 'date' ? 'dd/mm/yyyy' : type === 'month' ? 'mm/yyyy' : null });
      inputs[n] = { input, type, label, req };
      return h('div', { class: 'field' }, h('label', { for: idn }, label, req ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null), input,
        h('p', { class: 'field-error', id: `herr-${k}-${n}`, hidden: true }));
    }));
    const form = h('form', { class: 'add-form', novalidate: true, id: 'add-' + k }, h('h3', null, spec.title), errAll, grid,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Ghi')));
    const fieldError = (n, msg) => {
      const x = inputs[n];
      if (!x) { errAll.textContent = msg; errAll.hidden = false; return; }
      const pe = document.getElementById(`herr-${k}-${n}`);
      pe.textContent = msg;
      pe.hidden = false;
      x.input.setAttribute('aria-invalid', 'true');
      x.input.focus();
    };
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      errAll.hidden = true;
      for (const [n, x] of Object.entries(inputs)) { x.input.removeAttribute('aria-invalid'); document.getElementById(`herr-${k}-${n}`).hidden = true; }
      const body = {};
      for (const [n, x] of Object.entries(inputs)) {
        const raw = x.input.value.trim();
        if (!raw) { if (x.req) return fieldError(n, `Trường «${x.label}» là bắt buộc.`); continue; }
        if (x.type === 'date') { const v = parseDate(raw); if (!v) return fieldError(n, 'Ngày phải có dạng dd/mm/yyyy và là ngày có thật.'); body[n] = v; }
        else if (x.type === 'month') { const v = parseMonth(raw); if (!v) return fieldError(n, 'Tháng phải có dạng mm/yyyy.'); body[n] = v; }
        else if (x.type === 'int' || x.type === 'year' || n === 'unit_id' || n === 'title_id') {
          if (!/^\d+$/.test(raw)) return fieldError(n, `«${x.label}» phải là số nguyên.`);
          body[n] = parseInt(raw, 10);
        } else body[n] = raw;
      }
      try {
        await api('POST', `/people/${id}/${spec.path}`, body);
        await reload();
        selectTab(k, false);
        say('Đã ghi.');
      } catch (ex) { fieldError(ex.field, ex.message); }
    });
    return form;
  }

  // --- competency tests (kiểm tra, sát hạch) -----------------------------------
  async function renderTests() {
    const r = await get(`/exam/people/${id}/results`, { signal: ctx.signal });
    const num = (x, d = 2) => (x / 100).toLocaleString('vi-VN', { minimumFractionDigits: d, maximumFractionDigits: d });
    const rows = r.items.map((t) => h('tr', null,
      h('td', null, fmtDate(t.reference_date)), h('td', null, t.title),
      h('td', { class: 'num' }, `${num(t.points)} / ${num(t.max_points)}`),
      h('td', { class: 'num' }, `${num(t.percent)}%`),
      h('td', { class: t.passed ? 'ok-text' : 'error-text' }, t.passed ? 'Đạt' : 'Không đạt'),
      h('td', { class: 'num' }, `${t.pass_percent}%`)));
    panel.append(h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'tests-table' },
      h('caption', null, 'Kết quả kiểm tra, sát hạch kiến thức chuyên môn (mới nhất trước)'),
      h('thead', null, h('tr', null, ['Ngày', 'Kỳ kiểm tra', 'Điểm', 'Tỷ lệ đúng', 'Kết quả', 'Ngưỡng đạt'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, rows.length ? rows : h('tr', null, h('td', { colspan: 6, class: 'muted' }, 'Chưa có kết quả kiểm tra nào.'))))));
  }

  // --- audit ------------------------------------------------------------------
  async function renderAudit() {
    const r = await get(`/people/${id}/audit`, { signal: ctx.signal });
    const rows = r.items.map((a) => {
      const after = a.after && typeof a.after === 'object' ? a.after : null;
      const before = a.before && typeof a.before === 'object' ? a.before : {};
      const changes = after ? Object.keys(after).map((key) => h('li', null, h('span', { class: 'chg-field' }, fieldLabel(key)), ': ',
        a.before ? [h('span', { class: 'chg-old' }, auditValue(before[key])), ' → '] : null, h('span', { class: 'chg-new' }, auditValue(after[key])))) : [];
      return h('tr', null, h('td', null, fmtDateTime(a.at)), h('td', null, a.username || ''), h('td', null, auditAction(a.action)),
        h('td', null, changes.length ? h('ul', { class: 'changes' }, changes) : ''));
    });
    panel.append(h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'audit-table' },
      h('caption', null, 'Lịch sử thay đổi hồ sơ (nhật ký kiểm toán, mới nhất trước)'),
      h('thead', null, h('tr', null, ['Thời điểm', 'Người thực hiện', 'Thao tác', 'Nội dung'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, rows.length ? rows : h('tr', null, h('td', { colspan: 4, class: 'muted' }, 'Chưa có thay đổi nào.'))))));
  }

  renderHead();
  ctx.main.append(headBox, notice, tablist, panel);
  selectTab(tab, false);
}

// --- print-styled Mẫu 2C ------------------------------------------------------------
export async function printPage(ctx) {
  const id = ctx.params[0];
  const own = role() === 'staff' && String(session.user.person_id) === id;
  const inc = canReadSensitive() || own ? '?include=family,health,political' : '';
  const p = await get(`/people/${id}${inc}`, { signal: ctx.signal });
  const R = await refs();
  ctx.setTitle(`Sơ yếu lý lịch – ${p.full_name}`);
  const line = (item, label, value) => h('p', { class: 'cv-line' }, h('span', { class: 'cv-no' }, item + ') '), label + ': ', h('span', { class: 'cv-val' }, value || '…………'));
  const f = (name) => valueText(FIELD[name], p, R);
  const fv = (name) => f(name) || '…';
  const tbl = (key, caption) => {
    const meta = HISTORIES[key];
    const rows = p[key] || [];
    return h('section', { class: 'cv-block' }, h('h2', null, caption),
      h('table', { class: 'cv-table' }, h('thead', null, h('tr', null, meta.cols.map(([, t]) => h('th', null, t)))),
        h('tbody', null, rows.length ? rows.map((r) => h('tr', null, meta.cols.map(([c, , kind]) => h('td', null,
          kind === 'date' || kind === 'month' ? fmtDate(r[c]) : kind === 'coef' ? fmtCoef(r[c]) : kind === 'side' ? (r[c] === 'self' ? 'Bản thân' : 'Bên vợ (chồng)') : r[c] ?? ''))))
          : h('tr', null, h('td', { colspan: meta.cols.length }, 'Không có.')))));
  };
  const sheet = h('article', { class: 'cv-sheet', id: 'cv-sheet' },
    h('div', { class: 'cv-top' }, h('p', null, 'Mẫu 2C-BNV/2008'), h('p', null, 'Số hiệu cán bộ, công chức: ', String(p.id))),
    h('div', { class: 'cv-header' }, h('div', { class: 'cv-photo' }, 'Ảnh màu', h('br'), '(4 × 6 cm)'),
      h('div', null, h('h1', null, 'SƠ YẾU LÝ LỊCH CÁN BỘ, CÔNG CHỨC'),
        h('p', null, 'Cơ quan, đơn vị có thẩm quyền quản lý: ', p.unit_name || ''))),
    line('1', 'Họ và tên khai sinh (viết chữ in hoa)', (p.full_name || '').toLocaleUpperCase('vi')),
    line('2', 'Tên gọi khác', f('other_names')),
    line('3', 'Sinh ngày', `${fv('birth_date')}, Giới tính: ${fv('sex')}`),
    line('4', 'Nơi sinh', f('birth_place')),
    line('5', 'Quê quán', f('home_town')),
    line('6', 'Dân tộc', f('ethnicity_id')), line('7', 'Tôn giáo', f('religion_id')),
    line('8', 'Nơi đăng ký hộ khẩu thường trú', f('permanent_address')),
    line('9', 'Nơi ở hiện nay', `${f('current_address')}${p.phone ? '; Điện thoại: ' + p.phone : ''}`),
    line('10', 'Nghề nghiệp khi được tuyển dụng', f('occupation_at_recruitment')),
    line('11', 'Ngày tuyển dụng', `${fv('recruitment_date')}, Cơ quan tuyển dụng: ${fv('recruitment_agency')}`),
    line('12', 'Chức vụ (chức danh) hiện tại', [p.title_name, p.position].filter(Boolean).join(', ')),
    line('13', 'Công việc chính được giao', f('main_duty')),
    line('14', 'Ngạch công chức (viên chức)', p.rank_code ? `${p.rank_name}, Mã ngạch: ${p.rank_code}, Bậc lương: ${p.salary_step}, Hệ số: ${fmtCoef(p.coef_x100)}, Ngày hưởng: ${fmtDate(p.salary_since)}${p.vk_percent ? ', Vượt khung: ' + p.vk_percent + '%' : ''}` : ''),
    line('15.1', 'Trình độ giáo dục phổ thông', f('general_education')),
    line('15.2', 'Trình độ chuyên môn cao nhất', [f('professional_level'), f('professional_major')].filter(Boolean).join(', ')),
    line('15.3', 'Lý luận chính trị', f('theory_level')), line('15.4', 'Quản lý nhà nước', f('mgmt_level')),
    line('15.5', 'Ngoại ngữ', f('foreign_language')), line('15.6', 'Tin học', f('it_level')),
    line('16', 'Ngày vào Đảng Cộng sản Việt Nam', `${fv('party_join_date')}, Ngày chính thức: ${fv('party_official_date')}`),
    line('17', 'Ngày tham gia tổ chức chính trị – xã hội', f('mass_org')),
    line('18', 'Ngày nhập ngũ', `${fv('army_join_date')}, Ngày xuất ngũ: ${fv('army_leave_date')}, Quân hàm cao nhất: ${fv('army_rank')}`),
    line('19', 'Danh hiệu được phong tặng cao nhất', f('honor_title')),
    line('20', 'Sở trường công tác', f('strengths')),
    tbl('awards', '21) Khen thưởng'), tbl('discipline', '22) Kỷ luật'),
    line('23', 'Tình trạng sức khỏe', 'health_status' in p ? `${fv('health_status')}, Chiều cao: ${fv('height_cm')}, Cân nặng: ${fv('weight_kg')}, Nhóm máu: ${fv('blood_type')}` : '(không hiển thị)'),
    line('24', 'Là thương binh hạng', `${fv('war_invalid_grade')}, Là con gia đình chính sách: ${fv('policy_family')}`),
    line('25', 'Số CCCD', `${fv('cccd')}, Ngày cấp: ${fv('id_issue_date')}`),
    line('26', 'Số sổ BHXH', f('social_insurance_no')),
    tbl('training', '27) Đào tạo, bồi dưỡng về chuyên môn, nghiệp vụ, lý luận chính trị, ngoại ngữ, tin học'),
    tbl('work_history', '28) Tóm tắt quá trình công tác'),
    tbl('postings', 'Quá trình công tác ghi nhận trong hệ thống'),
    h('section', { class: 'cv-block' }, h('h2', null, '29) Đặc điểm lịch sử bản thân'),
      'history_arrest' in p ? [h('p', null, f('history_arrest') || 'Không.'), h('p', null, f('history_old_regime') || 'Không.'), h('p', null, f('history_foreign') || 'Không.')] : h('p', null, '(không hiển thị)')),
    p.family ? tbl('family', '30) Quan hệ gia đình') : h('section', { class: 'cv-block' }, h('h2', null, '30) Quan hệ gia đình'), h('p', null, '(không hiển thị)')),
    tbl('salary_history', '31) Diễn biến quá trình lương của cán bộ, công chức'),
    h('section', { class: 'cv-block' }, h('h2', null, '32) Nhận xét, đánh giá của cơ quan, đơn vị quản lý'), h('p', null, f('remarks') || '')),
    h('div', { class: 'cv-sign' }, h('div', null, h('p', null, h('strong', null, 'Người khai')), h('p', { class: 'muted' }, 'Tôi xin cam đoan những lời khai trên đây là đúng sự thật'), h('p', null, p.full_name)),
      h('div', null, h('p', null, '…, ngày … tháng … năm …'), h('p', null, h('strong', null, 'Thủ trưởng cơ quan, đơn vị quản lý')))));
  ctx.main.classList.add('print-page');
  ctx.main.append(h('div', { class: 'print-tools no-print' },
    h('a', { class: 'btn', href: `#/people/${id}` }, '‹ Về hồ sơ'),
    h('button', { type: 'button', class: 'btn btn-primary', id: 'do-print', onclick: () => window.print() }, 'In'),
    h('a', { class: 'btn', href: `/api/v1/people/${id}/cv.pdf`, download: `so-yeu-ly-lich-${id}.pdf` }, 'Tải PDF')), sheet);
}
