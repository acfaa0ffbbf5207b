// Kết quả chờ xác minh: the verifier's queue for a period — every
// unverified output of the tasks the user may verify (officers: all in
// scope; any other role, staff included: the tasks naming them as
// verifier), from GET /eval/results?pending_for=me; verify or reject.
import { get, post, role } from '../api.js';
import { h, clear, fmtDateTime, announce } from '../util.js';
import { replaceQuery } from '../main.js';
import { periodFrom, periodPicker, periodApi, periodQuery, periodName, errorBox, showError, showOk, EVIDENCE_KIND, num } from './eval_common.js';

export async function evalVerifyPage(ctx) {
  ctx.setTitle('Kết quả chờ xác minh');
  ctx.main.classList.add('wide');
  const state = new URLSearchParams(ctx.query);
  let period = periodFrom(state);
  const officer = role() === 'admin' || role() === 'officer';
  const officerOrLeader = officer || role() === 'leader';
  const msg = errorBox('verify-msg');
  const body = h('div', { id: 'verify-body' });
  ctx.main.append(
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Kết quả chờ xác minh'),
      h('p', { class: 'subtitle' }, officer ? 'Mọi kết quả chưa xác minh trong phạm vi quản lý.' : 'Kết quả của các nhiệm vụ bạn được giao kiểm chứng.'))),
    h('div', { class: 'toolbar' }, periodPicker(period, (p) => {
      period = p;
      state.set('kind', p.kind); state.set('year', p.year); state.set('number', p.number);
      replaceQuery('/eval/verify', state);
      render();
    })),
    msg, body);

  async function render(ok) {
    // GET /eval/results?pending_for=me: the tasks naming the user as
    // verifier (any role, staff included); officers: every task in scope.
    const list = await get(`/eval/results?pending_for=me&${periodApi(period)}`, { signal: ctx.signal });
    const rows = list.items.map((res) => ({ t: res, res }));
    const tbody = h('tbody', null, rows.map(({ t, res }) => {
      const note = h('input', { id: `qnote-${res.id}`, maxlength: 2000, class: 'eval-note', placeholder: 'Ghi chú, lý do' });
      const hasEv = res.evidence && res.evidence.length;
      return h('tr', { 'data-result': res.id },
        h('td', null, officerOrLeader ? h('a', { href: `#/eval/people/${t.person_id}/period?${periodQuery(period)}` }, t.person_name) : t.person_name,
          t.unit_name ? h('div', { class: 'hint' }, t.unit_name) : null),
        h('td', null, t.title, h('div', { class: 'hint' }, `${num(t.verified_qty)}/${num(t.target_qty)} ${t.measure || ''} đã xác minh`.replace('  ', ' ')),
          t.quality_req ? h('div', { class: 'hint' }, `Yêu cầu: ${t.quality_req}`) : null),
        h('td', { class: 'num' }, num(res.quantity)),
        h('td', null, res.reported_by, h('div', { class: 'hint' }, fmtDateTime(res.reported_at))),
        h('td', null, hasEv ? h('ul', { class: 'eval-evidence' }, res.evidence.map((e) => h('li', null, `${EVIDENCE_KIND[e.kind] || e.kind}: `,
          e.kind === 'file' ? h('a', { href: `/api/v1/eval/files/${e.file_id}/content`, target: '_blank', rel: 'noopener' }, e.file_name) : e.ref))) : h('span', { class: 'eval-unverified' }, 'Không có minh chứng')),
        h('td', null, h('div', { class: 'eval-actions' },
          h('label', { for: `qnote-${res.id}`, class: 'visually-hidden' }, `Ghi chú kiểm chứng kết quả ${res.quantity} của ${t.person_name} (bắt buộc khi không xác nhận)`), note,
          h('button', { type: 'button', class: 'btn btn-small btn-primary', 'data-verify': res.id, disabled: !hasEv, title: hasEv ? null : 'Chưa có minh chứng nên chưa thể xác nhận', onclick: () => decide(res.id, 'verified', note) }, 'Xác nhận'),
          h('button', { type: 'button', class: 'btn btn-small confirm', 'data-reject': res.id, onclick: () => decide(res.id, 'rejected', note) }, 'Không xác nhận'))));
    }));
    if (!rows.length) tbody.appendChild(h('tr', null, h('td', { colspan: 6, class: 'muted' }, 'Không có kết quả nào chờ xác minh.')));
    clear(body).appendChild(h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'verify-table' },
      h('caption', null, `${periodName(period.kind, period.number, period.year)}: ${num(rows.length)} kết quả chờ xác minh` + (list.truncated ? ` (hiển thị ${num(list.limit)} kết quả đầu)` : '')),
      h('thead', null, h('tr', null, ['Người được giao', 'Nhiệm vụ', 'Số lượng', 'Người nhập', 'Minh chứng', 'Quyết định'].map((x, i) => h('th', { scope: 'col', class: i === 2 ? 'num' : null }, x)))),
      tbody)));
    if (ok) { showOk(msg, ok); announce(ok); }
  }

  async function decide(id, decision, noteIn) {
    const note = noteIn.value.trim();
    if (decision === 'rejected' && !note) { showError(msg, 'Cần nêu lý do không xác nhận.'); noteIn.setAttribute('aria-invalid', 'true'); noteIn.focus(); return; }
    try {
      await post(`/eval/results/${id}/verify`, { decision, ...(note ? { note } : {}) });
      await render(decision === 'verified' ? 'Đã xác nhận kết quả.' : 'Đã ghi không xác nhận.');
    } catch (e) { showError(msg, e); }
  }

  await render();
}
