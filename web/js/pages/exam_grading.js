// Exam results for the board and managers: automatic grading, graders,
// positions and quotas, results with the ranking (round 2 + the highest
// priority, within the quota of each position; explanations from the rules),
// the head's decision on a tie at the last place, publication, Excel export
// and appeals (phúc khảo).
import { api, get, post, ApiError } from '../api.js';
import { h, clear, fmtDate, parseDate, announce, saveBlob } from '../util.js';
import { fmtPts, parsePts, fmtLocalDay, TYPE_NAMES } from './exam_grading_common.js';

export async function examGradingListPage(ctx) {
  ctx.setTitle('Kết quả thi');
  const res = await get('/exams', { signal: ctx.signal });
  const items = res.items || [];
  ctx.main.append(h('div', { class: 'page-head' }, h('h1', null, 'Chấm thi và kết quả')),
    items.length ? h('ul', { class: 'exam-list' }, items.map((e) => h('li', null,
      h('a', { href: `#/exam/grading/${e.id}` }, e.title), ` – ${TYPE_NAMES[e.type] || e.type}, ngày ${fmtDate(e.reference_date)}`)))
      : h('p', { class: 'alert alert-info' }, 'Chưa có kỳ thi nào.'));
}

const STATUS = { absent: 'Vắng thi', sitting: 'Đang làm bài', grading: 'Đang chấm', interview: 'Chờ điểm phỏng vấn', final: 'Đã có điểm' };
const ROLE_NAMES = { admin: 'Quản trị hệ thống', officer: 'Cán bộ tổ chức', leader: 'Lãnh đạo đơn vị', staff: 'Cán bộ, công chức' };
const TIE = { round2: 'Bằng tổng điểm – xét điểm vòng 2', full: 'Bằng cả tổng điểm và điểm vòng 2' };

function errorBox() {
  const box = h('div', { role: 'alert', class: 'alert alert-error', hidden: true });
  box.show = (msg) => { box.textContent = msg; box.hidden = false; };
  box.hide = () => { box.hidden = true; };
  return box;
}

async function guarded(box, fn) {
  box.hide();
  try { await fn(); } catch (e) { if (e instanceof ApiError) box.show(e.message); else throw e; }
}

export async function examResultsPage(ctx) {
  const id = ctx.params[0];
  ctx.setTitle('Kết quả thi');
  const body = h('div');
  ctx.main.append(body);

  let pendingRestore = null;
  // Inputs of the results table typed into but not committed yet (no change event).
  const typed = new Set();
  body.addEventListener('input', (e) => { const l = e.target.getAttribute?.('aria-label'); if (l) typed.add(l); });
  body.addEventListener('change', (e) => { const l = e.target.getAttribute?.('aria-label'); if (l) typed.delete(l); }, true);
  async function render() {
    await renderBody();
    const r = pendingRestore;
    pendingRestore = null;
    if (r) r();
  }
  async function renderBody() {
    const [doc, grading, appeals, eligible] = await Promise.all([
      get(`/exams/${id}/results`, { signal: ctx.signal }),
      get(`/exams/${id}/grading`, { signal: ctx.signal }),
      get(`/exams/${id}/appeals`, { signal: ctx.signal }),
      get(`/exams/${id}/grading/eligible-graders`, { signal: ctx.signal }),
    ]);
    // A save re-renders the page: what the user is typing in another row
    // (not saved yet) and the focus are carried over instead of being lost.
    const typing = [...body.querySelectorAll('#results-table input[aria-label]')]
      .filter((i) => typed.has(i.getAttribute('aria-label'))).map((i) => [i.getAttribute('aria-label'), i.value]);
    const focused = document.activeElement && body.contains(document.activeElement) ? document.activeElement.getAttribute('aria-label') : null;
    const restore = () => {
      // Focus first, then the value: leaving the field then fires its change event (and saves).
      if (focused) [...body.querySelectorAll('[aria-label]')].find((x) => x.getAttribute('aria-label') === focused)?.focus();
      for (const [label, value] of typing) {
        const i = [...body.querySelectorAll('#results-table input[aria-label]')].find((x) => x.getAttribute('aria-label') === label);
        if (i) i.value = value;
      }
    };
    pendingRestore = restore;
    clear(body);
    const ex = doc.exam;
    const isR2 = ex.type === 'recruit_r2';
    const err = errorBox();
    const info = h('p', { class: 'alert alert-success', role: 'status', hidden: true });
    const ok = (msg) => { info.textContent = msg; info.hidden = false; announce(msg); };

    body.append(h('div', { class: 'page-head' },
      h('div', null, h('h1', null, ex.title), h('p', { class: 'muted' }, `${TYPE_NAMES[ex.type] || ex.type} – ngày ${fmtDate(ex.reference_date)}`,
        doc.published_at ? ` – đã công bố kết quả ngày ${fmtLocalDay(doc.published_at)}` : '')),
      h('div', { class: 'grade-actions' },
        h('button', { class: 'btn', type: 'button', id: 'grade-run', onclick: () => guarded(err, async () => {
          const s = await post(`/exams/${id}/grading/run`);
          await render();
          ok(`Đã chấm tự động ${s.graded} bài; ${s.essays} câu tự luận; vắng ${s.absent}.` + (s.essays_unassigned ? ` ${s.essays_unassigned} bài tự luận chưa đủ giám khảo.` : ''));
        }) }, 'Chấm tự động'),
        h('button', { class: 'btn', type: 'button', id: 'grade-export', onclick: () => guarded(err, async () => {
          const r = await api('GET', `/exams/${id}/results/export`, undefined, { raw: true });
          saveBlob(await r.blob(), `ket-qua-thi-${id}.xlsx`);
        }) }, 'Tải Excel'),
        h('a', { class: 'btn', href: `#/exam/grading/${id}/stats` }, 'Thống kê câu hỏi'),
        h('button', { class: 'btn btn-primary', type: 'button', id: 'grade-publish', disabled: !!doc.published_at, onclick: () => guarded(err, async () => {
          await post(`/exams/${id}/publish`);
          await render();
          ok('Đã công bố kết quả theo số báo danh.');
        }) }, 'Công bố kết quả'))),
    err, info);

    // Graders
    // Graders are picked from the active users (GET …/grading/eligible-graders).
    const gIn = h('select', { id: 'grader-user', required: true },
      h('option', { value: '' }, eligible.items.length ? '— Chọn người dùng —' : '(Không còn người dùng nào để thêm)'),
      eligible.items.map((u) => h('option', { value: u.id },
        `${u.display_name || u.username} (${u.username}) – ${ROLE_NAMES[u.role] || u.role}`)));
    body.append(h('section', { class: 'grade-section' }, h('h2', null, 'Giám khảo chấm tự luận'),
      h('p', { class: 'muted' }, `Mỗi bài do hai giám khảo chấm độc lập; lệch quá ${grading.config.essay_gap_percent}% điểm tối đa thì giám khảo thứ ba chấm `,
        grading.config.final_rule === 'third' ? '(điểm của giám khảo thứ ba là điểm cuối cùng).' : '(điểm cuối cùng là trung bình của điểm giám khảo thứ ba và điểm gần nó hơn).'),
      grading.graders.length
        ? h('ul', { id: 'grader-list' }, grading.graders.map((g) => h('li', null,
          `${g.display_name ? `${g.display_name} (${g.username})` : g.username}: ${g.marked}/${g.tasks} bài đã chấm`)))
        : h('p', { class: 'muted', id: 'grader-list' }, 'Chưa có giám khảo.'),
      h('form', { class: 'inline-form', onsubmit: (e) => { e.preventDefault(); guarded(err, async () => {
        if (!gIn.value) { err.show('Hãy chọn người dùng để thêm làm giám khảo.'); gIn.focus(); return; }
        await post(`/exams/${id}/grading/graders`, { user_id: Number(gIn.value) });
        await render();
        ok('Đã thêm giám khảo.');
      }); } }, h('label', { for: 'grader-user' }, 'Người dùng'), gIn, h('button', { class: 'btn', type: 'submit' }, 'Thêm giám khảo'))));

    // Grading parameters
    const cfg = grading.config;
    const cGap = h('input', { id: 'cfg-gap', type: 'number', min: 0, max: 100, size: 4, value: cfg.essay_gap_percent });
    const cRule = h('select', { id: 'cfg-rule' },
      h('option', { value: 'third_closer', selected: cfg.final_rule === 'third_closer' }, 'Trung bình điểm giám khảo thứ ba và điểm gần nhất'),
      h('option', { value: 'third', selected: cfg.final_rule === 'third' }, 'Điểm của giám khảo thứ ba'));
    const cComb = h('input', { id: 'cfg-combined', type: 'checkbox', checked: !!cfg.combined });
    const cW = h('input', { id: 'cfg-weight', type: 'number', min: 1, max: 99, size: 4, value: cfg.weight_written });
    const cR1 = h('input', { id: 'cfg-r1', type: 'number', min: 0, size: 6, value: cfg.round1_exam_id || '' });
    body.append(h('section', { class: 'grade-section' }, h('details', null, h('summary', null, 'Tham số chấm thi'),
      h('form', { class: 'inline-form', onsubmit: (e) => { e.preventDefault(); guarded(err, async () => {
        const data = { essay_gap_percent: Number(cGap.value), final_rule: cRule.value };
        if (isR2) Object.assign(data, { combined: cComb.checked, weight_written: Number(cW.value), round1_exam_id: Number(cR1.value || 0) });
        await api('PUT', `/exams/${id}/grading/config`, data);
        await render();
        ok('Đã lưu tham số chấm thi.');
      }); } },
      h('label', { for: 'cfg-gap' }, 'Độ lệch tối đa giữa hai giám khảo (% điểm tối đa của câu)'), cGap,
      h('label', { for: 'cfg-rule' }, 'Khi có giám khảo thứ ba'), cRule,
      isR2 ? [h('label', { for: 'cfg-combined' }, cComb, ' Vòng 2 thi viết kết hợp phỏng vấn'),
        h('label', { for: 'cfg-weight' }, 'Tỉ lệ phần thi viết (%)'), cW,
        h('label', { for: 'cfg-r1' }, 'Mã kỳ thi vòng 1'), cR1] : null,
      h('button', { class: 'btn', type: 'submit' }, 'Lưu tham số')))));

    // Positions and quotas
    if (isR2) {
      const pc = h('input', { id: 'pos-code', size: 8 }), pn = h('input', { id: 'pos-name', size: 30 }), pq = h('input', { id: 'pos-quota', type: 'number', min: 1, size: 4 });
      body.append(h('section', { class: 'grade-section' }, h('h2', null, 'Vị trí việc làm và chỉ tiêu'),
        h('ul', null, doc.positions.map((p) => h('li', null, `${p.code} – ${p.name}: chỉ tiêu ${p.quota}`))),
        h('form', { class: 'inline-form', onsubmit: (e) => { e.preventDefault(); guarded(err, async () => {
          await post(`/exams/${id}/positions`, { code: pc.value.trim(), name: pn.value.trim(), quota: Number(pq.value) });
          await render();
          ok('Đã lưu vị trí việc làm.');
        }); } }, h('label', { for: 'pos-code' }, 'Mã'), pc, h('label', { for: 'pos-name' }, 'Tên vị trí'), pn,
        h('label', { for: 'pos-quota' }, 'Chỉ tiêu'), pq, h('button', { class: 'btn', type: 'submit' }, 'Lưu'))));
    }

    // Results
    const rk = doc.ranking;
    if (isR2 && rk && !rk.ready) body.append(h('p', { class: 'alert alert-info', id: 'rank-status' }, 'Chưa xếp hạng được: ', rk.reason || rk.error?.message || ''));
    const rows = doc.candidates.map((c) => {
      const posSel = isR2 ? h('select', { 'aria-label': `Vị trí của ${c.reg_no}`, onchange: (e) => guarded(err, async () => {
        await api('PATCH', `/exams/${id}/grading/candidates/${c.candidate_id}`, { position: e.target.value });
        await render();
      }) }, h('option', { value: '' }, '—'), doc.positions.map((p) => h('option', { value: p.code, selected: p.code === c.position }, p.code))) : null;
      const patch = (data) => guarded(err, async () => {
        await api('PATCH', `/exams/${id}/grading/candidates/${c.candidate_id}`, data);
        await render();
      });
      const ivIn = isR2 && cfg.combined ? h('input', { size: 6, 'aria-label': `Điểm phỏng vấn của ${c.reg_no}`, value: c.interview === null || c.interview === undefined ? '' : fmtPts(c.interview),
        onchange: (e) => {
          const t = e.target.value.trim();
          const v = t === '' ? null : parsePts(t);
          if (v !== null && (Number.isNaN(v) || v > 10000)) { err.show('Điểm phỏng vấn từ 0 đến 100, tối đa 2 chữ số thập phân.'); return; }
          patch({ interview: v });
        } }) : null;
      const r1In = isR2 ? h('input', { size: 7, placeholder: 'đúng/tổng', 'aria-label': `Kết quả vòng 1 của ${c.reg_no}`, value: c.round1 ? `${c.round1.correct}/${c.round1.total}` : '',
        onchange: (e) => {
          const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(e.target.value);
          if (!m) { err.show('Nhập kết quả vòng 1 dạng «số câu đúng/tổng số câu», ví dụ 42/60.'); return; }
          patch({ round1: { correct: Number(m[1]), total: Number(m[2]) } });
        } }) : null;
      return h('tr', { 'data-candidate': c.candidate_id, 'data-result': c.result || '', class: c.tie ? 'tie-' + c.tie : null },
        h('td', null, c.reg_no), h('td', null, c.full_name), h('td', null, h('code', null, c.anon_code)),
        isR2 ? h('td', null, posSel) : null,
        isR2 ? h('td', null, r1In) : null,
        h('td', null, STATUS[c.status] || c.status),
        h('td', { class: 'num' }, fmtPts(c.points), ' / ', fmtPts(c.max_points)),
        h('td', { class: 'num' }, fmtPts(c.score)),
        isR2 && cfg.combined ? h('td', null, ivIn) : null,
        isR2 ? h('td', { class: 'num r2' }, fmtPts(c.round2)) : null,
        isR2 ? h('td', { class: 'num prio' }, fmtPts(c.priority_points)) : null,
        isR2 ? h('td', { class: 'num total' }, fmtPts(c.total)) : null,
        isR2 ? h('td', { class: 'num' }, c.rank || '') : null,
        h('td', { class: 'result' }, c.result_label || '', c.tie ? h('div', { class: 'muted' }, TIE[c.tie] || c.tie) : null),
        h('td', null, h('details', null, h('summary', null, 'Giải thích'), h('ul', null, (c.explain || []).map((l) => h('li', null, l))))));
    });
    body.append(h('section', { class: 'grade-section' }, h('h2', null, isR2 ? 'Kết quả và xếp hạng' : 'Kết quả'),
      h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'results-table' },
        h('thead', null, h('tr', null, h('th', null, 'Số báo danh'), h('th', null, 'Họ và tên'), h('th', null, 'Số phách'),
          isR2 ? h('th', null, 'Vị trí') : null, isR2 ? h('th', null, 'Vòng 1') : null, h('th', null, 'Trạng thái'), h('th', { class: 'num' }, 'Điểm'),
          h('th', { class: 'num' }, 'Thang 100'), isR2 && cfg.combined ? h('th', null, 'Phỏng vấn') : null,
          isR2 ? h('th', { class: 'num' }, 'Vòng 2') : null, isR2 ? h('th', { class: 'num' }, 'Ưu tiên') : null,
          isR2 ? h('th', { class: 'num' }, 'Tổng điểm') : null, isR2 ? h('th', { class: 'num' }, 'Hạng') : null,
          h('th', null, 'Kết quả'), h('th', null, 'Căn cứ'))),
        h('tbody', null, rows)))));

    // Tie at the last place: the head's decision
    if (isR2 && rk && rk.ready) {
      for (const p of doc.positions) {
        const pending = doc.candidates.filter((c) => c.position === p.code && c.result === 'cho_quyet_dinh');
        if (!pending.length) continue;
        const no = h('input', { id: `tie-no-${p.code}`, size: 16 }), dt = h('input', { id: `tie-date-${p.code}`, placeholder: 'dd/mm/yyyy', size: 10 });
        const boxes = pending.map((c) => h('label', { class: 'check' }, h('input', { type: 'checkbox', value: c.candidate_id, name: `tie-${p.code}` }), ` ${c.reg_no} – ${c.full_name}`));
        body.append(h('section', { class: 'grade-section tie-box', id: `tie-${p.code}` },
          h('h2', null, `Bằng điểm ở chỉ tiêu cuối cùng – vị trí ${p.code}`),
          h('p', null, 'Các thí sinh sau bằng cả tổng điểm và điểm vòng 2. Người đứng đầu cơ quan có thẩm quyền tuyển dụng quyết định người trúng tuyển (NĐ 170/2025/NĐ-CP).'),
          h('form', { onsubmit: (e) => { e.preventDefault(); guarded(err, async () => {
            const winners = boxes.map((b) => b.querySelector('input')).filter((i) => i.checked).map((i) => Number(i.value));
            const iso = parseDate(dt.value);
            if (!iso) { err.show('Ngày quyết định không hợp lệ (dd/mm/yyyy).'); return; }
            await post(`/exams/${id}/tie-decisions`, { position: p.code, winners, decision_no: no.value.trim(), date: iso });
            await render();
            ok('Đã ghi quyết định của người đứng đầu.');
          }); } }, h('fieldset', null, h('legend', null, 'Người trúng tuyển theo quyết định'), boxes),
          h('div', { class: 'inline-form' }, h('label', { for: `tie-no-${p.code}` }, 'Số quyết định'), no,
            h('label', { for: `tie-date-${p.code}` }, 'Ngày'), dt, h('button', { class: 'btn btn-primary', type: 'submit' }, 'Ghi quyết định')))));
      }
    }
    if (doc.tie_decisions.length) {
      body.append(h('section', { class: 'grade-section' }, h('h2', null, 'Quyết định đã ghi'),
        h('ul', null, doc.tie_decisions.map((t) => h('li', null, `Vị trí ${t.position}: Quyết định số ${t.decision_no} ngày ${fmtDate(t.date)}`)))));
    }

    // Appeals
    const aCand = h('select', { id: 'appeal-cand' }, doc.candidates.filter((c) => c.status === 'final').map((c) => h('option', { value: c.candidate_id }, c.reg_no)));
    const aPos = h('input', { id: 'appeal-pos', type: 'number', min: 1, size: 4 }), aReason = h('input', { id: 'appeal-reason', size: 40 });
    body.append(h('section', { class: 'grade-section' }, h('h2', null, 'Phúc khảo'),
      appeals.items.length ? h('table', { class: 'table', id: 'appeals-table' },
        h('thead', null, h('tr', null, ['Số báo danh', 'Câu', 'Lý do', 'Người chấm lại', 'Điểm trước', 'Điểm chấm lại', 'Trạng thái', 'Quyết định'].map((t) => h('th', null, t)))),
        h('tbody', null, appeals.items.map((a) => {
          const dno = h('input', { size: 12, 'aria-label': 'Số quyết định' });
          const decide = (accept) => guarded(err, async () => {
            await post(`/exams/${id}/appeals/${a.id}/decision`, { accept, decision_no: dno.value.trim() });
            await render();
            ok('Đã ghi quyết định phúc khảo; kết quả đã được tính lại.');
          });
          return h('tr', null, h('td', null, a.reg_no), h('td', null, a.pos + 1), h('td', null, a.reason), h('td', null, a.regrader || 'máy chấm'),
            h('td', { class: 'num' }, fmtPts(a.before_points)), h('td', { class: 'num' }, fmtPts(a.regrade_points)),
            h('td', null, { registered: 'Chờ chấm lại', regraded: 'Đã chấm lại', accepted: 'Chấp nhận', rejected: 'Giữ nguyên' }[a.status]),
            h('td', null, a.status === 'regraded' ? [dno, h('button', { class: 'btn', type: 'button', onclick: () => decide(true) }, 'Chấp nhận'),
              h('button', { class: 'btn', type: 'button', onclick: () => decide(false) }, 'Giữ nguyên')] : (a.decision_no || '')));
        }))) : h('p', { class: 'muted' }, 'Chưa có đơn phúc khảo.'),
      h('form', { class: 'inline-form', onsubmit: (e) => { e.preventDefault(); guarded(err, async () => {
        await post(`/exams/${id}/appeals`, { candidate_id: Number(aCand.value), pos: Number(aPos.value) - 1, reason: aReason.value.trim() });
        await render();
        ok('Đã ghi nhận đơn phúc khảo.');
      }); } }, h('label', { for: 'appeal-cand' }, 'Thí sinh'), aCand, h('label', { for: 'appeal-pos' }, 'Câu số'), aPos,
      h('label', { for: 'appeal-reason' }, 'Lý do'), aReason, h('button', { class: 'btn', type: 'submit' }, 'Ghi nhận đơn'))));
  }
  await render();
}
