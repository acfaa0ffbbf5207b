// Một người, một kỳ: the tasks with their reported outputs and evidence
// (unverified outputs marked and not counted), reporting with a document
// number, dossier code or uploaded file, verification, quality failures and
// delays, and the assessment workflow with every signed step and the score.
import { get, post, api, role, session } from '../api.js';
import { h, clear, fmtDate, fmtDateTime, parseDate, todayIso, announce } from '../util.js';
import { replaceQuery } from '../main.js';
import {
  periodFrom, periodPicker, periodQuery, periodApi, periodName, field, errorBox, showError, showOk, fmtScore, parseX100,
  RESULT_STATUS, EVIDENCE_KIND, STATES, ACTIONS, BANDS, REGIMES, badge, bandBadge, num,
} from './eval_common.js';

const FILE_TYPES = { 'application/pdf': 'pdf', 'image/png': 'png', 'image/jpeg': 'jpeg', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx' };
const EXT_TYPES = { pdf: 'pdf', png: 'png', jpg: 'jpeg', jpeg: 'jpeg', docx: 'docx', xlsx: 'xlsx' };

/** Uploads a File as evidence of person `pid`; returns its id. */
export async function uploadEvidence(file, pid) {
  const ext = (/\.([a-z0-9]+)$/i.exec(file.name) || [])[1]?.toLowerCase();
  const type = FILE_TYPES[file.type] || EXT_TYPES[ext];
  if (!type) throw new Error('Chỉ nhận tệp PDF, PNG, JPEG, DOCX hoặc XLSX.');
  if (file.size > 10 * 1024 * 1024) throw new Error('Tệp minh chứng không được lớn hơn 10 MiB.');
  const q = new URLSearchParams({ name: file.name, type, person_id: String(pid) });
  const r = await api('POST', '/eval/files?' + q, file, { headers: { 'Content-Type': 'application/octet-stream' } });
  return r.id;
}

function evidenceList(ev) {
  if (!ev || !ev.length) return h('span', { class: 'eval-unverified' }, 'Không có minh chứng');
  return h('ul', { class: 'eval-evidence' }, ev.map((e) => h('li', null, `${EVIDENCE_KIND[e.kind] || e.kind}: `,
    e.kind === 'file'
      ? h('a', { href: `/api/v1/eval/files/${e.file_id}/content`, target: '_blank', rel: 'noopener', title: 'SHA-256 ' + (e.sha256 || '') }, e.file_name || 'tệp')
      : e.ref)));
}

export async function evalPeriodPage(ctx) {
  const pid = ctx.params[0];
  ctx.main.classList.add('wide');
  const state = new URLSearchParams(ctx.query);
  let period = periodFrom(state);
  const person = await get(`/people/${pid}`, { signal: ctx.signal });
  ctx.setTitle(`Kết quả, đánh giá – ${person.full_name}`);
  const own = String(session.user.person_id) === String(pid);
  const r = role();
  const officer = r === 'admin' || r === 'officer';
  const mayReport = officer || (r === 'staff' && own);
  const body = h('div', { id: 'eval-period-body' });
  const note = errorBox('period-msg');
  ctx.main.append(
    h('div', { class: 'page-head' },
      h('div', null, h('h1', null, person.full_name), h('p', { class: 'subtitle' }, [person.title_name || person.position, person.unit_name].filter(Boolean).join(' – '))),
      h('div', { class: 'head-tools' }, h('a', { class: 'btn', href: `#/eval/people/${pid}`, id: 'history-link' }, 'Lịch sử điểm, xếp loại'),
        r !== 'staff' ? h('a', { class: 'btn', href: `#/people/${pid}` }, 'Hồ sơ') : h('a', { class: 'btn', href: '#/eval/reminders' }, 'Việc cần làm'))),
    h('div', { class: 'toolbar' }, periodPicker(period, (p) => {
      period = p;
      state.set('kind', p.kind); state.set('year', p.year); state.set('number', p.number);
      replaceQuery(ctx.path, state);
      render();
    })),
    note, body);

  let locked = false; // the period's assessment is approved: no more reports or reviews from this page
  async function render(msg) {
    const [tasks, assessments] = await Promise.all([
      get(`/eval/people/${pid}/tasks?${periodApi(period)}`, { signal: ctx.signal }).then((x) => x.items),
      get(`/eval/people/${pid}/assessments?year=${period.year}`, { signal: ctx.signal }).then((x) => x.items),
    ]);
    const a = assessments.find((x) => x.period_kind === period.kind && x.number === period.number);
    const full = a ? await get(`/eval/assessments/${a.id}`, { signal: ctx.signal }) : null;
    locked = full?.state === 'approved';
    clear(body).append(
      h('section', { class: 'panel', 'aria-labelledby': 'tasks-h' },
        h('h2', { id: 'tasks-h' }, `Nhiệm vụ và kết quả — ${periodName(period.kind, period.number, period.year)}`),
        h('p', { class: 'hint' }, 'Chỉ kết quả đã xác minh mới được tính điểm. Kết quả chưa có minh chứng hoặc chưa xác minh được đánh dấu «Chưa xác minh».'),
        locked ? h('p', { class: 'alert alert-info' }, 'Phiếu đánh giá kỳ này đã được phê duyệt: kết quả và điểm đã chốt.') : null,
        tasks.length ? tasks.map(taskCard) : h('p', { class: 'muted', id: 'no-tasks' }, 'Chưa có nhiệm vụ nào được giao trong kỳ này.')),
      assessmentPanel(full, tasks));
    if (msg) { showOk(note, msg); announce(msg); } else clear(note);
  }

  const act = async (fn, okText) => {
    try { await fn(); await render(okText); } catch (e) { if (e.name !== 'AbortError') { showError(note, e); note.scrollIntoView({ block: 'nearest' }); } }
  };

  function taskCard(t) {
    const mayVerify = !locked && (officer || t.verifier_user_id === session.user.id);
    const mayReview = !locked && (officer || r === 'leader' || t.verifier_user_id === session.user.id);
    const pct = t.target_qty ? Math.min(100, Math.round((t.verified_qty * 100) / t.target_qty)) : 0;
    const card = h('article', { class: 'eval-task', id: `task-${t.id}`, 'aria-labelledby': `task-${t.id}-h` },
      h('div', { class: 'eval-task-head' },
        h('h3', { id: `task-${t.id}-h` }, t.title, t.key_task ? badge('Nhiệm vụ trọng tâm', 'info') : null),
        h('p', { class: 'eval-task-meta' }, `Sản phẩm: ${t.product_code} – ${t.product_name}${t.measure ? ` (${t.measure})` : ''}; quy đổi ${fmtScore(t.norm_x100)}; hạn ${fmtDate(t.deadline)}; giao bởi ${t.assigned_by}`),
        t.quality_req ? h('p', { class: 'eval-task-meta' }, 'Yêu cầu chất lượng: ', t.quality_req) : null,
        h('div', { class: 'eval-progress' },
          h('progress', { max: 100, value: pct, 'aria-label': `Tỷ lệ đã xác minh của ${t.title}` }),
          h('span', { class: 'eval-qty' }, `Đã xác minh ${num(t.verified_qty)}/${num(t.target_qty)}`),
          t.unverified_qty ? h('span', { class: 'eval-unverified' }, ` · Chưa xác minh ${num(t.unverified_qty)} (không tính)`) : null)),
      resultsTable(t, mayVerify),
      reviewsBlock(t, mayReview),
      mayReport && !locked ? reportForm(t) : null);
    return card;
  }

  function resultsTable(t, mayVerify) {
    if (!t.results.length) return h('p', { class: 'muted' }, 'Chưa báo cáo kết quả.');
    return h('div', { class: 'table-wrap' }, h('table', { class: 'table eval-results', id: `results-${t.id}` },
      h('caption', { class: 'visually-hidden' }, `Kết quả đã báo cáo của ${t.title}`),
      h('thead', null, h('tr', null, ['Số lượng', 'Báo cáo', 'Minh chứng', 'Trạng thái', 'Thao tác'].map((x, i) => h('th', { scope: 'col', class: i === 0 ? 'num' : null }, x)))),
      h('tbody', null, t.results.map((res) => h('tr', { class: `eval-result eval-result-${res.status}`, 'data-result': res.id },
        h('td', { class: 'num' }, num(res.quantity)),
        h('td', null, `${res.reported_by}, ${fmtDateTime(res.reported_at)}`, res.origin === 'import' ? h('div', { class: 'hint' }, `Nạp từ ${res.source}, trích xuất ${fmtDateTime(res.extracted_at)}`) : null, res.note ? h('div', { class: 'hint' }, res.note) : null),
        h('td', null, evidenceList(res.evidence)),
        h('td', null, badge(RESULT_STATUS[res.status] || res.status, res.status), res.counts ? null : h('div', { class: 'hint' }, 'Không tính điểm'),
          res.verified_by ? h('div', { class: 'hint' }, `${res.verified_by}, ${fmtDateTime(res.verified_at)}${res.verify_note ? ': ' + res.verify_note : ''}`) : null),
        h('td', null, res.status === 'unverified' && !locked ? resultActions(t, res, mayVerify) : null))))));
  }

  function resultActions(t, res, mayVerify) {
    const box = h('div', { class: 'eval-actions' });
    if (mayVerify) {
      const noteIn = h('input', { id: `vnote-${res.id}`, maxlength: 2000, class: 'eval-note' });
      box.append(
        h('label', { for: `vnote-${res.id}`, class: 'visually-hidden' }, 'Ghi chú kiểm chứng'), noteIn,
        h('button', { type: 'button', class: 'btn btn-small btn-primary', 'data-verify': res.id, onclick: () => act(() => post(`/eval/results/${res.id}/verify`, { decision: 'verified', ...(noteIn.value.trim() ? { note: noteIn.value.trim() } : {}) }), 'Đã xác nhận kết quả.') }, 'Xác nhận'),
        h('button', { type: 'button', class: 'btn btn-small confirm', 'data-reject': res.id, onclick: () => {
          if (!noteIn.value.trim()) { showError(note, 'Cần nêu lý do không xác nhận.'); noteIn.setAttribute('aria-invalid', 'true'); noteIn.focus(); return; }
          act(() => post(`/eval/results/${res.id}/verify`, { decision: 'rejected', note: noteIn.value.trim() }), 'Đã ghi không xác nhận.');
        } }, 'Không xác nhận'));
    }
    if (mayReport) {
      const ref = h('input', { id: `addref-${res.id}`, maxlength: 200, placeholder: 'Số văn bản', class: 'eval-note' });
      box.append(h('label', { for: `addref-${res.id}`, class: 'visually-hidden' }, 'Bổ sung số văn bản làm minh chứng'), ref,
        h('button', { type: 'button', class: 'btn btn-small', onclick: () => {
          if (!ref.value.trim()) { ref.focus(); return; }
          act(() => post(`/eval/results/${res.id}/evidence`, { evidence: [{ kind: 'document', ref: ref.value.trim() }] }), 'Đã bổ sung minh chứng.');
        } }, 'Bổ sung minh chứng'));
    }
    return box;
  }

  function reviewsBlock(t, mayReview) {
    const list = t.reviews.length ? h('ul', { class: 'eval-reviews', id: `reviews-${t.id}` }, t.reviews.map((v) => h('li', null,
      badge(v.kind === 'quality' ? 'Không đạt chất lượng' : 'Chậm tiến độ', v.objective ? 'info' : 'warn'),
      ` ngày ${fmtDate(v.on_date)}, ${v.recorded_by}: `,
      v.objective ? `nguyên nhân khách quan (${v.reason}), không trừ điểm` : 'trừ 25% điểm của nhiệm vụ này', v.reason && !v.objective ? ` — ${v.reason}` : ''))) : null;
    if (!mayReview) return list;
    const id = `rv-${t.id}`;
    const kind = h('select', { id: id + '-kind' }, h('option', { value: 'delay' }, 'Chậm tiến độ'), h('option', { value: 'quality' }, 'Không đạt chất lượng'));
    const on = h('input', { id: id + '-on', value: fmtDate(todayIso()), placeholder: 'dd/mm/yyyy' });
    const obj = h('input', { id: id + '-obj', type: 'checkbox' });
    const reason = h('input', { id: id + '-reason', maxlength: 2000 });
    const form = h('form', { class: 'eval-subform', id: `review-form-${t.id}` },
      h('div', { class: 'form-grid' }, field(id + '-kind', 'Loại', kind), field(id + '-on', 'Ngày ghi nhận', on), field(id + '-reason', 'Lý do', reason)),
      h('label', { class: 'eval-check' }, obj, ' Nguyên nhân khách quan (không trừ điểm, phải nêu lý do)'),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn' }, 'Ghi nhận')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const d = parseDate(on.value);
      if (!d) { on.setAttribute('aria-invalid', 'true'); showError(note, 'Ngày ghi nhận phải có dạng dd/mm/yyyy.'); on.focus(); return; }
      const b = { kind: kind.value, on: d, objective: obj.checked };
      if (reason.value.trim()) b.reason = reason.value.trim();
      act(() => post(`/eval/tasks/${t.id}/reviews`, b), 'Đã ghi nhận.');
    });
    return [list, h('details', { class: 'eval-details' }, h('summary', null, 'Ghi nhận không đạt chất lượng, chậm tiến độ'), form)];
  }

  function reportForm(t) {
    const id = `rp-${t.id}`;
    const qty = h('input', { id: id + '-qty', type: 'number', min: 0, max: 1000000, required: true });
    const kind = h('select', { id: id + '-kind' }, h('option', { value: '' }, 'Chưa có minh chứng'), h('option', { value: 'document' }, 'Số văn bản'), h('option', { value: 'dossier' }, 'Mã hồ sơ'), h('option', { value: 'file' }, 'Tệp (PDF, ảnh, Word, Excel)'));
    const ref = h('input', { id: id + '-ref', maxlength: 200 });
    const file = h('input', { id: id + '-file', type: 'file', accept: '.pdf,.png,.jpg,.jpeg,.docx,.xlsx' });
    const noteIn = h('input', { id: id + '-note', maxlength: 2000 });
    const refWrap = field(id + '-ref', 'Số văn bản / mã hồ sơ', ref);
    const fileWrap = field(id + '-file', 'Tệp minh chứng (tối đa 10 MiB)', file);
    const sync = () => { refWrap.hidden = !['document', 'dossier'].includes(kind.value); fileWrap.hidden = kind.value !== 'file'; };
    kind.addEventListener('change', sync);
    sync();
    const form = h('form', { class: 'eval-subform', id: `report-form-${t.id}`, novalidate: true },
      h('div', { class: 'form-grid' }, field(id + '-qty', 'Số lượng hoàn thành', qty), field(id + '-kind', 'Minh chứng', kind), refWrap, fileWrap, field(id + '-note', 'Ghi chú', noteIn)),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Báo cáo kết quả')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (qty.value === '' || !(+qty.value >= 0)) { qty.setAttribute('aria-invalid', 'true'); showError(note, 'Cần số lượng hoàn thành.'); qty.focus(); return; }
      act(async () => {
        const b = { quantity: +qty.value };
        if (noteIn.value.trim()) b.note = noteIn.value.trim();
        if (kind.value === 'file') {
          if (!file.files[0]) throw new Error('Chọn tệp minh chứng.');
          b.evidence = [{ kind: 'file', file_id: await uploadEvidence(file.files[0], pid) }];
        } else if (kind.value) {
          if (!ref.value.trim()) throw new Error('Cần số văn bản hoặc mã hồ sơ.');
          b.evidence = [{ kind: kind.value, ref: ref.value.trim() }];
        }
        await post(`/eval/tasks/${t.id}/results`, b);
      }, kind.value ? 'Đã báo cáo kết quả; chờ xác minh.' : 'Đã báo cáo kết quả chưa có minh chứng: chưa xác minh và chưa được tính.');
    });
    return h('details', { class: 'eval-details', open: r === 'staff' }, h('summary', null, 'Báo cáo kết quả'), form);
  }

  function assessmentPanel(a, tasks) {
    const hasTasks = tasks.length > 0;
    const box = h('section', { class: 'panel', id: 'assessment', 'aria-labelledby': 'as-h' }, h('h2', { id: 'as-h' }, 'Phiếu đánh giá kỳ'));
    if (!a) {
      if (officer || (r === 'staff' && own)) {
        box.appendChild(h('button', { type: 'button', class: 'btn btn-primary', id: 'open-assessment', onclick: () => act(() => post('/eval/assessments', { person_id: +pid, period_kind: period.kind, year: period.year, number: period.number }), 'Đã mở phiếu đánh giá.') }, 'Mở phiếu đánh giá kỳ này'));
      } else box.appendChild(h('p', { class: 'muted' }, 'Chưa có phiếu đánh giá của kỳ này.'));
      return box;
    }
    box.append(
      h('dl', { class: 'facts' },
        h('div', { class: 'fact' }, h('dt', null, 'Trạng thái'), h('dd', { id: 'as-state' }, STATES[a.state] || a.state)),
        h('div', { class: 'fact' }, h('dt', null, 'Điểm'), h('dd', { id: 'as-score' }, a.score_x100 !== null ? fmtScore(a.score_x100) : 'Chưa chấm')),
        h('div', { class: 'fact' }, h('dt', null, 'Mức'), h('dd', { id: 'as-band' }, a.band ? [bandBadge(a.band), ' ', BANDS[a.band] || ''] : '')),
        a.regime ? h('div', { class: 'fact' }, h('dt', null, 'Chế độ'), h('dd', null, REGIMES[a.regime] || a.regime)) : null),
      scoreDetail(a.score_detail, tasks),
      timeline(a.transitions),
      actionsFor(a, hasTasks));
    return box;
  }

  function scoreDetail(d, tasks) {
    const titleOf = (id) => (tasks.find((t) => t.id === id) || {}).title || `#${id}`;
    if (!d) return null;
    if (!d.scored) return h('p', { class: 'hint' }, d.todo === 'leader_components' ? 'Người giữ chức vụ lãnh đạo: chưa tính điểm thành phần lãnh đạo (NĐ 335/2025 Điều 15–16).' : 'Kỳ này không chấm theo thang 100 điểm.');
    const items = d.items || [];
    return h('div', { class: 'eval-score', id: 'score-detail' },
      h('h3', null, 'Cách tính điểm'),
      h('p', null, `Tiêu chí chung ${fmtScore(d.general_x100)}/30 + kết quả nhiệm vụ ${fmtScore(d.task_x100)}/70 = `, h('strong', null, fmtScore(d.total_x100)),
        ` (số lượng a = ${(d.a_bp / 100).toFixed(2).replace('.', ',')}%, chất lượng b = ${(d.b_bp / 100).toFixed(2).replace('.', ',')}%, tiến độ c = ${(d.c_bp / 100).toFixed(2).replace('.', ',')}%).`),
      h('div', { class: 'table-wrap' }, h('table', { class: 'table' }, h('caption', null, 'Dữ liệu dùng để tính'),
        h('thead', null, h('tr', null, ['Nhiệm vụ', 'Quy đổi', 'Giao', 'Đã xác minh', 'Chưa xác minh (không tính)', 'Không đạt chất lượng', 'Chậm tiến độ', 'Khách quan (không trừ)'].map((x, i) => h('th', { scope: 'col', class: i ? 'num' : null }, x)))),
        h('tbody', null, items.map((it) => h('tr', null, h('td', null, titleOf(it.task_id)), h('td', { class: 'num' }, fmtScore(it.weight)),
          [it.assigned, it.completed_verified, it.unverified_not_counted, it.quality_failures, it.delays, it.objective_not_counted].map((v) => h('td', { class: 'num' }, num(v)))))))),
      d.explain ? h('ol', { class: 'eval-explain' }, d.explain.map((x) => h('li', null, x))) : null);
  }

  function timeline(tr) {
    if (!tr || !tr.length) return h('p', { class: 'muted' }, 'Chưa có bước nào.');
    return h('div', null, h('h3', null, 'Các bước đã thực hiện'),
      h('ol', { class: 'eval-timeline', id: 'as-timeline' }, tr.map((s) => h('li', { 'data-action': s.action },
        h('strong', null, ACTIONS[s.action] || s.action), ` — ${fmtDateTime(s.at)}, ${s.username}`,
        `: ${STATES[s.from_state] || s.from_state} → ${STATES[s.to_state] || s.to_state}`,
        s.score_x100 !== null && s.score_x100 !== undefined ? `; điểm ${fmtScore(s.score_x100)}` : '',
        s.note ? h('div', { class: 'eval-step-note' }, 'Ghi chú: ', s.note) : null,
        h('div', { class: 'eval-sig' }, h('span', { class: 'muted' }, 'Chữ ký số: '), h('code', { title: s.signature }, (s.signature || '').slice(0, 16) + '…'))))));
  }

  function actionsFor(a, hasTasks) {
    const reviewer = officer || r === 'leader';
    const can = {
      submit: ['draft', 'returned'].includes(a.state) && (officer || (r === 'staff' && own)),
      manager_review: a.state === 'submitted' && reviewer && !own,
      head_review: a.state === 'manager_reviewed' && reviewer && !own,
      council_review: a.state === 'head_reviewed' && officer && !own,
      approve: ['head_reviewed', 'council_reviewed'].includes(a.state) && officer && !own,
      return: ['submitted', 'manager_reviewed', 'head_reviewed', 'council_reviewed'].includes(a.state) && reviewer && !own,
    };
    if (!Object.values(can).some(Boolean)) return a.state === 'approved' ? h('p', { class: 'ok-text' }, 'Phiếu đã được phê duyệt; không thay đổi được nữa.') : null;
    const noteIn = h('textarea', { id: 'step-note', rows: 2, maxlength: 2000 });
    const box = h('div', { class: 'eval-steps', id: 'as-actions' }, h('h3', null, 'Thực hiện bước tiếp theo'));
    const step = (action, extra) => act(async () => {
      const b = { action, ...(extra || {}) };
      if (noteIn.value.trim()) b.note = noteIn.value.trim();
      await post(`/eval/assessments/${a.id}/transitions`, b);
    }, `Đã thực hiện: ${ACTIONS[action]}.`);
    if (can.submit) {
      const groups = [
        ['g1', 'Nhóm 1: Chính trị, tư tưởng; đạo đức, lối sống (tối đa 10)'],
        ['g2', 'Nhóm 2: Tác phong, lề lối làm việc; ý thức tổ chức kỷ luật (tối đa 10)'],
        ['g3', 'Nhóm 3: Năng lực, trách nhiệm, tinh thần đổi mới (tối đa 10)'],
      ];
      const ins = groups.map(([k]) => h('input', { id: 'gen-' + k, inputmode: 'decimal', value: '', required: true, class: 'eval-gen' }));
      const form = h('form', { id: 'self-form', novalidate: true }, h('fieldset', { class: 'form-section' }, h('legend', null, 'Tự đánh giá tiêu chí chung (30 điểm)'),
        h('div', { class: 'form-grid' }, groups.map(([k, label], i) => field('gen-' + k, label, ins[i])))),
        h('button', { type: 'submit', class: 'btn btn-primary', id: 'do-submit', disabled: !hasTasks }, ACTIONS.submit));
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        const vals = ins.map((x) => parseX100(x.value));
        const bad = vals.findIndex((v) => v === null || v > 1000);
        if (bad >= 0) { ins[bad].setAttribute('aria-invalid', 'true'); showError(note, 'Điểm mỗi nhóm từ 0 đến 10, tối đa hai chữ số thập phân.'); ins[bad].focus(); return; }
        step('submit', { general: vals });
      });
      box.appendChild(form);
    }
    box.appendChild(field('step-note', 'Ý kiến, ghi chú (bắt buộc khi trả lại)', noteIn));
    const btns = h('div', { class: 'actions' });
    for (const k of ['manager_review', 'head_review', 'council_review', 'approve']) {
      if (can[k]) btns.appendChild(h('button', { type: 'button', class: 'btn btn-primary', id: 'do-' + k, onclick: () => step(k) }, ACTIONS[k]));
    }
    if (can.return) btns.appendChild(h('button', { type: 'button', class: 'btn confirm', id: 'do-return', onclick: () => {
      if (!noteIn.value.trim()) { noteIn.setAttribute('aria-invalid', 'true'); showError(note, 'Trả lại phải nêu lý do.'); noteIn.focus(); return; }
      step('return');
    } }, ACTIONS.return));
    box.appendChild(btns);
    return box;
  }

  await render();
  return undefined;
}

/** #/eval/me: the staff member's own current period. */
export async function evalMePage(ctx) {
  const pid = session.user.person_id;
  if (!pid) { ctx.main.appendChild(h('p', { class: 'alert alert-info' }, 'Tài khoản chưa gắn với hồ sơ cán bộ.')); return; }
  location.replace(`#/eval/people/${pid}/period?${periodQuery(periodFrom(ctx.query))}`);
}
