// Đề nghị chờ duyệt: an officer accepts or rejects each proposed field.
import { get, api } from '../api.js';
import { h, clear, fmtDate, announce } from '../util.js';
import { FIELD, fieldLabel } from '../fields.js';
import { valueOf } from './me.js';

export async function proposalsPage(ctx) {
  ctx.setTitle('Đề nghị chờ duyệt');
  const list = h('div', { id: 'proposal-list' });
  ctx.main.append(h('div', { class: 'page-head' }, h('h1', null, 'Đề nghị sửa hồ sơ chờ duyệt')),
    h('p', { class: 'hint' }, 'Cán bộ, công chức tự đề nghị sửa thông tin của mình. Chọn «Chấp nhận» hoặc «Từ chối» cho từng trường, rồi ghi quyết định.'), list);

  async function load() {
    clear(list);
    const r = await get('/proposals?status=pending', { signal: ctx.signal });
    if (!r.items.length) { list.appendChild(h('p', { class: 'muted', id: 'no-proposals' }, 'Không có đề nghị nào đang chờ duyệt.')); return; }
    const people = new Map();
    await Promise.all([...new Set(r.items.map((x) => x.person_id))].map(async (pid) => {
      try { people.set(pid, await get(`/people/${pid}`, { signal: ctx.signal })); } catch { /* shown without current values */ }
    }));
    for (const pr of r.items) list.appendChild(card(pr, people.get(pr.person_id)));
  }

  function card(pr, person) {
    const err = h('p', { class: 'field-error', role: 'alert', hidden: true });
    const rows = Object.entries(pr.changes || {}).map(([field, value]) => {
      const name = `d-${pr.id}-${field}`;
      const acc = h('input', { type: 'radio', name, value: 'accept', id: `${name}-a` });
      const rej = h('input', { type: 'radio', name, value: 'reject', id: `${name}-r` });
      return h('tr', { 'data-field': field },
        h('th', { scope: 'row' }, fieldLabel(field)),
        h('td', null, person ? valueOf(FIELD[field], person[field], person) || '—' : ''),
        h('td', { class: 'proposed' }, valueOf(FIELD[field], value, person || {}) || '(xóa)'),
        h('td', null, h('fieldset', { class: 'decision' }, h('legend', { class: 'visually-hidden' }, `Quyết định cho ${fieldLabel(field)}`),
          h('label', { for: `${name}-a` }, acc, ' Chấp nhận'), h('label', { for: `${name}-r` }, rej, ' Từ chối'))));
    });
    const note = h('input', { id: `note-${pr.id}`, name: 'note', maxlength: 300 });
    const form = h('form', { class: 'panel proposal', id: `proposal-${pr.id}`, novalidate: true },
      h('h2', null, person ? h('a', { href: `#/people/${pr.person_id}` }, pr.person_name) : pr.person_name),
      h('p', { class: 'muted' }, `Gửi ngày ${fmtDate(pr.created_at)} bởi ${pr.requested_by}`, pr.note ? ` — Ghi chú: ${pr.note}` : ''),
      h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
        h('thead', null, h('tr', null, ['Trường', 'Giá trị hiện tại', 'Đề nghị', 'Quyết định'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', null, rows))),
      h('div', { class: 'field' }, h('label', { for: `note-${pr.id}` }, 'Ghi chú quyết định (không bắt buộc)'), note),
      err,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => setAll('accept') }, 'Chấp nhận tất cả'),
        h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => setAll('reject') }, 'Từ chối tất cả'),
        h('button', { type: 'submit', class: 'btn btn-primary' }, 'Ghi quyết định')));
    function setAll(v) { for (const i of form.querySelectorAll(`input[type=radio][value=${v}]`)) i.checked = true; }
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      err.hidden = true;
      const decisions = {};
      for (const field of Object.keys(pr.changes || {})) {
        const c = form.querySelector(`input[name="d-${pr.id}-${field}"]:checked`);
        if (!c) {
          err.textContent = `Chưa chọn quyết định cho «${fieldLabel(field)}».`;
          err.hidden = false;
          form.querySelector(`input[name="d-${pr.id}-${field}"]`).focus();
          return;
        }
        decisions[field] = c.value;
      }
      try {
        await api('POST', `/proposals/${pr.id}/decide`, { decisions, ...(note.value.trim() ? { note: note.value.trim() } : {}) });
        const acc = Object.values(decisions).filter((x) => x === 'accept').length;
        const msg = `Đã ghi quyết định cho đề nghị của ${pr.person_name}: chấp nhận ${acc}, từ chối ${Object.keys(decisions).length - acc} trường.`;
        form.replaceWith(h('div', { class: 'alert alert-success', role: 'status' }, msg));
        announce(msg);
      } catch (ex) {
        err.textContent = ex.message;
        err.hidden = false;
      }
    });
    return form;
  }
  await load();
}
