// Hồ sơ của tôi: a staff member reads their record and proposes changes to
// the self-service fields (POST /api/v1/me/proposals); an officer decides.
import { get, api, ref, session } from '../api.js';
import { h, clear, fmtDate, fmtBirth, sexName, parseDate, announce } from '../util.js';
import { FIELDS, FIELD, PRECISION, fieldLabel } from '../fields.js';
import { remindersBox } from './eval_reminders.js';

let R = null;
async function loadRefs() {
  if (!R) {
    const [levels, eth, rel] = await Promise.all([ref('levels'), ref('ethnicities'), ref('religions')]);
    R = { levels, eth, rel };
  }
  return R;
}

/** A field value as text (for proposals: current and proposed). */
export function valueOf(f, v, person) {
  if (v === null || v === undefined || v === '') return '';
  if (!f) return String(v);
  if (f.type === 'date') return f.name === 'birth_date' ? fmtBirth(v, person?.birth_precision) : fmtDate(v);
  if (f.type === 'sex') return sexName(v);
  if (f.type === 'precision') return (PRECISION.find(([k]) => k === v) || [0, String(v)])[1];
  if (R && f.type === 'ethnicity') return (R.eth.find((x) => x.id === v) || {}).name || String(v);
  if (R && f.type === 'religion') return (R.rel.find((x) => x.id === v) || {}).name || String(v);
  if (R && f.type.startsWith('level:')) return (R.levels.find((l) => l.kind === f.type.slice(6) && l.code === v) || {}).name || String(v);
  return String(v);
}

export async function mePage(ctx) {
  ctx.setTitle('Hồ sơ của tôi');
  await loadRefs();
  const pid = session.user.person_id;
  if (!pid) {
    ctx.main.append(h('h1', null, 'Hồ sơ của tôi'), h('p', null, 'Tài khoản chưa được liên kết với hồ sơ nào.'));
    return;
  }
  const p = await get(`/people/${pid}?include=health`, { signal: ctx.signal });
  const mine = h('div', { id: 'my-proposals' });
  const notice = h('div', { role: 'status', id: 'me-notice' });
  const selfFields = FIELDS.filter((f) => f.self && (!f.group || f.name in p));
  const inputs = {};
  const grid = h('div', { class: 'form-grid' }, selfFields.map((f) => {
    const id = 'p-' + f.name;
    const common = { id, name: f.name, 'aria-describedby': 'perr-' + f.name };
    const v = p[f.name];
    let input;
    if (f.type === 'ethnicity' || f.type === 'religion') {
      const list = f.type === 'ethnicity' ? R.eth : R.rel;
      input = h('select', common, h('option', { value: '' }, '—'), list.map((x) => h('option', { value: x.id, selected: x.id === v }, x.name)));
    } else if (f.type.startsWith('level:')) {
      input = h('select', common, h('option', { value: '' }, '—'), R.levels.filter((l) => l.kind === f.type.slice(6)).map((l) => h('option', { value: l.code, selected: l.code === v }, l.name)));
    } else if (f.type === 'date') input = h('input', { ...common, value: fmtDate(v), placeholder: 'dd/mm/yyyy', inputmode: 'numeric' });
    else input = h('input', { ...common, value: v ?? '', maxlength: f.max || null, inputmode: f.type === 'int' ? 'numeric' : null });
    inputs[f.name] = input;
    return h('div', { class: 'field' }, h('label', { for: id }, h('span', { class: 'item-no' }, f.item + '.'), ' ', f.label), input,
      h('p', { class: 'field-error', id: 'perr-' + f.name, hidden: true }));
  }));
  const note = h('textarea', { id: 'proposal-note', name: 'note', rows: 2, maxlength: 500 });
  const err = h('div', { class: 'alert alert-error', role: 'alert', hidden: true, id: 'proposal-error' });
  const form = h('form', { class: 'person-form', id: 'proposal-form', novalidate: true },
    h('h2', null, 'Đề nghị sửa thông tin'),
    h('p', { class: 'hint' }, 'Sửa các trường cần thay đổi rồi gửi đề nghị. Cán bộ tổ chức sẽ duyệt từng trường. Ngày nhập theo dạng dd/mm/yyyy.'),
    err, grid,
    h('div', { class: 'field field-wide' }, h('label', { for: 'proposal-note' }, 'Ghi chú cho cán bộ tổ chức'), note),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'send-proposal' }, 'Gửi đề nghị')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    err.hidden = true;
    for (const [n, el] of Object.entries(inputs)) { el.removeAttribute('aria-invalid'); document.getElementById('perr-' + n).hidden = true; }
    const changes = {};
    const fail = (n, msg) => {
      const pe = document.getElementById('perr-' + n);
      if (!pe) { err.textContent = msg; err.hidden = false; return; }
      pe.textContent = msg;
      pe.hidden = false;
      inputs[n].setAttribute('aria-invalid', 'true');
      inputs[n].focus();
    };
    for (const f of selfFields) {
      const raw = inputs[f.name].value.trim();
      let v = raw === '' ? null : raw;
      if (v !== null && f.type === 'date') { v = parseDate(raw); if (!v) return fail(f.name, 'Ngày phải có dạng dd/mm/yyyy và là ngày có thật.'); }
      if (v !== null && ['int', 'ethnicity', 'religion'].includes(f.type)) { if (!/^\d+$/.test(raw)) return fail(f.name, `«${f.label}» phải là số nguyên.`); v = parseInt(raw, 10); }
      if (v !== (p[f.name] ?? null)) changes[f.name] = v;
    }
    if (!Object.keys(changes).length) { err.textContent = 'Chưa có thay đổi nào để đề nghị.'; err.hidden = false; return; }
    try {
      await api('POST', '/me/proposals', { changes, ...(note.value.trim() ? { note: note.value.trim() } : {}) });
      clear(notice).appendChild(h('div', { class: 'alert alert-success' }, `Đã gửi đề nghị sửa ${Object.keys(changes).length} trường. Cán bộ tổ chức sẽ xem xét.`));
      announce('Đã gửi đề nghị.');
      note.value = '';
      await loadMine();
    } catch (ex) { fail(ex.field, ex.message); }
  });

  async function loadMine() {
    const r = await get('/proposals', { signal: ctx.signal });
    clear(mine).appendChild(h('h2', null, 'Các đề nghị đã gửi'));
    if (!r.items.length) { mine.appendChild(h('p', { class: 'muted' }, 'Chưa gửi đề nghị nào.')); return; }
    mine.appendChild(h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'my-proposals-table' },
      h('thead', null, h('tr', null, ['Ngày gửi', 'Trường', 'Giá trị đề nghị', 'Kết quả'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, r.items.flatMap((pr) => Object.entries(pr.changes || {}).map(([k, v]) => {
        const d = pr.decisions && pr.decisions[k];
        return h('tr', null, h('td', null, fmtDate(pr.created_at)), h('td', null, fieldLabel(k)), h('td', null, valueOf(FIELD[k], v, p) || '(xóa)'),
          h('td', { class: d === 'accept' ? 'ok-text' : d === 'reject' ? 'error-text' : 'muted' }, d === 'accept' ? 'Đã chấp nhận' : d === 'reject' ? 'Bị từ chối' : 'Đang chờ duyệt'));
      }))))));
  }

  ctx.main.append(
    h('div', { class: 'page-head' }, h('h1', null, 'Hồ sơ của tôi'),
      h('div', { class: 'head-tools' }, h('a', { class: 'btn', href: `#/people/${pid}` }, 'Xem toàn bộ hồ sơ'), h('a', { class: 'btn', href: `#/people/${pid}/print` }, 'Bản in Mẫu 2C'))),
    h('p', { class: 'subtitle' }, `${p.full_name} — ${[p.title_name || p.position, p.unit_name].filter(Boolean).join(', ')}`),
    notice, form, mine);
  // What awaits this person in the evaluation (self-assessment, verification), with deadlines.
  remindersBox(ctx.signal).then((b) => { if (b) ctx.main.querySelector('.subtitle')?.after(b); }).catch(() => {});
  await loadMine();
}
