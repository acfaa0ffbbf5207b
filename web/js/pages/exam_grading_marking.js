// The grader's page: essay answers by anonymous code only (số phách), the
// question and its marking guide, and the grader's own mark (never another
// grader's). Appeal re-grades (phúc khảo) assigned to the grader as well.
import { api, get, ApiError, canWrite } from '../api.js';
import { h, clear, announce } from '../util.js';
import { fmtPts, parsePts } from './exam_grading_common.js';

function responseText(r) {
  return typeof r === 'string' && r.trim() ? r : '(bỏ trống)';
}

function markForm({ id, label, max, value, locked, onSave }) {
  const input = h('input', { id, type: 'text', inputmode: 'decimal', size: 6, value: value === null || value === undefined ? '' : fmtPts(value),
    disabled: locked, 'aria-describedby': id + '-hint' });
  const msg = h('p', { class: 'field-error', role: 'alert' });
  const form = h('form', { class: 'grade-mark', onsubmit: async (e) => {
    e.preventDefault();
    msg.textContent = '';
    const v = parsePts(input.value);
    if (Number.isNaN(v) || v > max) { msg.textContent = `Nhập điểm từ 0 đến ${fmtPts(max)} (tối đa 2 chữ số thập phân).`; input.focus(); return; }
    try { await onSave(v); } catch (err) { if (err instanceof ApiError) msg.textContent = err.message; else throw err; }
  } },
  h('label', { for: id }, label), input,
  h('span', { id: id + '-hint', class: 'muted' }, ` / ${fmtPts(max)} điểm`),
  locked ? h('span', { class: 'badge' }, 'Đã chốt') : h('button', { class: 'btn btn-primary', type: 'submit' }, 'Lưu điểm'),
  msg);
  return form;
}

export async function examMarkingPage(ctx) {
  ctx.setTitle('Chấm thi');
  const wrap = h('div');
  ctx.main.append(h('div', { class: 'page-head' }, h('h1', null, 'Chấm bài tự luận'),
    canWrite() ? h('a', { class: 'btn', href: '#/exam/grading' }, 'Kết quả các kỳ thi') : null),
    h('p', { class: 'scope-line' }, 'Bài thi chỉ hiện số phách; mỗi giám khảo chấm độc lập và không thấy điểm của giám khảo khác.'),
    wrap);
  async function load() {
    const exam = ctx.query.get('exam');
    const res = await get('/exam/grading/tasks' + (exam ? `?exam=${encodeURIComponent(exam)}` : ''), { signal: ctx.signal });
    clear(wrap);
    if (!res.items.length && !res.appeals.length) { wrap.append(h('p', { class: 'alert alert-info' }, 'Bạn chưa được giao bài nào để chấm.')); return; }
    for (const t of res.items) {
      wrap.append(h('section', { class: 'grade-task', 'data-code': t.code, 'data-task': t.task_id },
        h('h2', null, `Số phách ${t.code} – câu ${t.pos + 1}`, t.slot === 3 ? ' (giám khảo thứ ba)' : ''),
        h('p', { class: 'muted' }, t.exam_title),
        h('div', { class: 'grade-q' }, h('strong', null, 'Câu hỏi: '), t.stem),
        t.guide ? h('div', { class: 'grade-guide' }, h('strong', null, 'Hướng dẫn chấm: '), t.guide) : null,
        h('blockquote', { class: 'grade-answer' }, responseText(t.response)),
        markForm({ id: `mark-${t.task_id}`, label: 'Điểm của bạn', max: t.max_points, value: t.mark, locked: !!t.settled,
          onSave: async (v) => {
            await api('PUT', `/exam/grading/tasks/${t.task_id}`, { mark: v });
            announce(`Đã lưu điểm bài ${t.code}.`);
            await load();
          } })));
    }
    for (const a of res.appeals) {
      const open = a.status === 'registered' || a.status === 'regraded';
      wrap.append(h('section', { class: 'grade-task grade-appeal', 'data-code': a.code, 'data-appeal': a.id },
        h('h2', null, `Phúc khảo – số phách ${a.code} – câu ${a.pos + 1}`),
        h('div', { class: 'grade-q' }, h('strong', null, 'Câu hỏi: '), a.stem),
        a.guide ? h('div', { class: 'grade-guide' }, h('strong', null, 'Hướng dẫn chấm: '), a.guide) : null,
        h('blockquote', { class: 'grade-answer' }, responseText(a.response)),
        markForm({ id: `appeal-${a.id}`, label: 'Điểm chấm phúc khảo', max: a.max_points, value: a.regrade_points, locked: !open,
          onSave: async (v) => {
            await api('PUT', `/exam/appeals/${a.id}/regrade`, { mark: v });
            announce('Đã lưu điểm phúc khảo.');
            await load();
          } })));
    }
  }
  await load();
}
