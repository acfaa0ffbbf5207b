// The exam board's pages of the online sitting: choose an exam and a
// sitting (#/thi-truc-tuyen), then the live view of the sitting
// (#/thi-truc-tuyen/EXAM/SITTING): who is in, who submitted, answered
// counts, last saves, incidents; auto-refresh; one-time codes (issued and
// reissued here, shown once, printable). docs/exam-sitting.md.
import { get, post, ApiError } from '../api.js';
import { h, clear, fmtDate, fmtDateTime, fmtNum } from '../util.js';

const STATE = {
  not_started: ['Chưa bắt đầu', 'sit-st-wait'],
  in_progress: ['Đang làm bài', 'sit-st-live'],
  submitted: ['Đã nộp bài', 'sit-st-done'],
  deadline: ['Hết giờ (tự nộp)', 'sit-st-deadline'],
};
const CODE = { none: 'Chưa cấp', issued: 'Đã cấp, chưa dùng', used: 'Đã dùng' };
const INCIDENT = {
  signin: 'Vào phòng thi', reconnect: 'Kết nối lại', focus_loss: 'Rời cửa sổ bài thi', visibility: 'Ẩn trang bài thi', offline: 'Mất kết nối',
};
const TYPE = { staff_test: 'Kiểm tra, sát hạch', recruit_r1: 'Thi tuyển vòng 1', recruit_r2: 'Thi tuyển vòng 2', leadership: 'Thi tuyển chức danh lãnh đạo' };
const clockOf = (iso) => {
  if (!iso) return '';
  const f = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  return f.format(new Date(iso));
};
const startsText = (s) => (s ? `${fmtDate(s.slice(0, 10))} ${s.slice(11, 16)}` : '');

/** #/thi-truc-tuyen: exams (managers) or an exam id (board members), then sittings. */
export async function sittingBoardIndexPage(ctx) {
  ctx.setTitle('Thi trực tuyến');
  const examId = ctx.query.get('exam');
  ctx.main.append(h('div', { class: 'page-head' }, h('h1', null, 'Thi trực tuyến — theo dõi ca thi')));
  if (examId) {
    const ex = await get(`/exams/${encodeURIComponent(examId)}`, { signal: ctx.signal });
    ctx.main.append(h('h2', null, ex.title),
      h('p', { class: 'muted' }, `${TYPE[ex.type] || ex.type} · ${ex.duration_min} phút`),
      (ex.sittings || []).length
        ? h('ul', { class: 'sit-list' }, ex.sittings.map((s) => h('li', null,
          h('a', { href: `#/thi-truc-tuyen/${ex.id}/${s.id}` }, `Ca thi ${startsText(s.starts_at)} — ${s.room}`))))
        : h('p', null, 'Kỳ thi chưa có ca thi.'));
    return;
  }
  let exams = null;
  try {
    exams = (await get('/exams', { signal: ctx.signal })).items;
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 403) throw e;
  }
  if (exams) {
    ctx.main.append(exams.length
      ? h('ul', { class: 'sit-list' }, exams.map((x) => h('li', null,
        h('a', { href: `#/thi-truc-tuyen?exam=${x.id}` }, x.title), h('span', { class: 'muted' }, ` · ${TYPE[x.type] || x.type}`))))
      : h('p', null, 'Chưa có kỳ thi.'));
    return;
  }
  // Board members who are not managers: open the exam by its number.
  const input = h('input', { id: 'sit-exam-id', inputmode: 'numeric', required: true });
  ctx.main.append(h('form', {
    class: 'sit-card', onsubmit: (e) => { e.preventDefault(); location.hash = `#/thi-truc-tuyen?exam=${encodeURIComponent(input.value.trim())}`; },
  }, h('div', { class: 'field' }, h('label', { for: 'sit-exam-id' }, 'Số hiệu kỳ thi (do cán bộ tổ chức cung cấp)'), input),
  h('button', { type: 'submit', class: 'btn btn-primary' }, 'Mở kỳ thi')));
}

/** The printable list of codes just issued (shown once). */
function codesPanel(res, title) {
  return h('section', { class: 'sit-codes', id: 'sit-codes', 'aria-labelledby': 'sit-codes-title' },
    h('h2', { id: 'sit-codes-title' }, title),
    h('div', { class: 'alert alert-info no-print' }, 'Mã chỉ hiển thị một lần: hãy in hoặc ghi lại ngay. Máy chủ chỉ lưu dạng băm của mã. ',
      h('button', { type: 'button', class: 'btn', onclick: () => window.print() }, 'In danh sách mã')),
    h('table', { class: 'table sit-codes-table' },
      h('caption', null, `Cấp lúc ${fmtDateTime(res.issued_at)}`),
      h('thead', null, h('tr', null, h('th', null, 'Số báo danh'), h('th', null, 'Họ và tên'), h('th', null, 'Mã dự thi'))),
      h('tbody', null, res.codes.map((c) => h('tr', null,
        h('td', { class: 'sit-regno' }, c.reg_no || ''), h('td', null, c.full_name), h('td', { class: 'sit-code' }, c.code))))));
}

/** #/thi-truc-tuyen/EXAM/SITTING: the live view. */
export async function sittingLivePage(ctx) {
  const [examId, sittingId] = ctx.params;
  ctx.setTitle('Theo dõi ca thi');
  const ex = await get(`/exams/${examId}`, { signal: ctx.signal });
  const sitting = (ex.sittings || []).find((s) => String(s.id) === String(sittingId));
  const base = `/exams/${examId}/sittings/${sittingId}`;
  const summary = h('p', { id: 'sit-summary', class: 'sit-summary', 'aria-live': 'polite' });
  const updated = h('span', { class: 'muted', id: 'sit-updated' });
  const tableWrap = h('div', { class: 'table-wrap' });
  const codesArea = h('div');
  const msg = h('div', { role: 'status' });
  const auto = h('input', { type: 'checkbox', id: 'sit-auto', checked: true });
  const open = new Set();   // candidates whose incident list is expanded

  async function issue(body, title) {
    msg.textContent = '';
    try {
      const res = await post(`${base}/codes`, body);
      clear(codesArea);
      if (!res.codes.length) msg.append(h('div', { class: 'alert alert-info' }, 'Mọi thí sinh của ca thi đã có mã.'));
      else codesArea.append(codesPanel(res, title));
      refresh();
    } catch (e) {
      msg.append(h('div', { class: 'alert alert-error', role: 'alert' }, e.message));
    }
  }

  function render(res) {
    const c = res.counts;
    summary.textContent = `${fmtNum(res.candidates.length)} thí sinh: ${c.in_progress} đang làm bài, ${c.submitted} đã nộp, ${c.deadline} hết giờ, ${c.not_started} chưa bắt đầu.`;
    updated.textContent = `Cập nhật lúc ${clockOf(res.now)}`;
    const rows = [];
    for (const x of res.candidates) {
      const [label, cls] = STATE[x.state] || [x.state, ''];
      const incBtn = x.incidents_count
        ? h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'aria-expanded': open.has(x.candidate_id) ? 'true' : 'false',
          onclick: () => { if (open.has(x.candidate_id)) open.delete(x.candidate_id); else open.add(x.candidate_id); render(res); } },
          `${x.incidents_count} sự cố`)
        : '0';
      rows.push(h('tr', { 'data-candidate': x.candidate_id, class: 'sit-row' },
        h('td', { class: 'sit-regno' }, x.reg_no || ''),
        h('td', null, x.full_name),
        h('td', null, h('span', { class: `sit-state ${cls}` }, label)),
        h('td', { class: 'num' }, `${x.answered}/${x.items}`),
        h('td', null, clockOf(x.last_save)),
        h('td', null, x.deadline_at ? clockOf(x.deadline_at) : ''),
        h('td', null, incBtn),
        h('td', null, CODE[x.code] || x.code, ' ',
          x.state === 'submitted' || x.state === 'deadline' ? null
            : h('button', { type: 'button', class: 'btn btn-small', onclick: () => {
              if (window.confirm(`Cấp lại mã cho ${x.full_name}? Mã cũ và phiên làm bài đang mở (nếu có) sẽ mất hiệu lực; câu trả lời đã lưu được giữ.`))
                issue({ candidate_ids: [x.candidate_id] }, `Mã cấp lại cho ${x.full_name}`);
            } }, x.code === 'none' ? 'Cấp mã' : 'Cấp lại'))));
      if (open.has(x.candidate_id) && x.incidents.length)
        rows.push(h('tr', { class: 'sit-incidents' }, h('td', { colspan: 8 },
          h('ul', null, x.incidents.map((i) => h('li', null, `${clockOf(i.at)} — ${INCIDENT[i.kind] || i.kind}`, i.detail ? ` (${i.detail})` : ''))))));
    }
    clear(tableWrap).append(h('table', { class: 'table', id: 'sit-live-table' },
      h('caption', null, 'Thí sinh của ca thi'),
      h('thead', null, h('tr', null, ['Số báo danh', 'Họ và tên', 'Trạng thái', 'Đã trả lời', 'Lưu gần nhất', 'Hết giờ lúc', 'Sự cố', 'Mã dự thi']
        .map((t, i) => h('th', { scope: 'col', class: i === 3 ? 'num' : null }, t)))),
      h('tbody', null, rows)));
  }

  let busy = false;
  async function refresh() {
    if (busy) return;
    busy = true;
    try {
      render(await get(`${base}/live`, { signal: ctx.signal }));
    } catch (e) {
      if (e.name !== 'AbortError') updated.textContent = `Không cập nhật được: ${e.message}`;
    } finally {
      busy = false;
    }
  }

  ctx.main.append(
    h('div', { class: 'page-head' }, h('h1', null, 'Theo dõi ca thi')),
    h('p', null, h('strong', null, ex.title), sitting ? ` — ca thi ${startsText(sitting.starts_at)}, ${sitting.room}` : ''),
    h('div', { class: 'sit-toolbar no-print' },
      h('button', { type: 'button', class: 'btn btn-primary', id: 'sit-issue', onclick: () => issue({}, 'Mã dự thi vừa cấp') }, 'Cấp mã cho thí sinh chưa có mã'),
      h('button', { type: 'button', class: 'btn', onclick: () => refresh() }, 'Làm mới'),
      h('label', { class: 'sit-auto', for: 'sit-auto' }, auto, ' Tự làm mới mỗi 5 giây'), updated),
    msg, codesArea, summary, tableWrap);
  await refresh();
  const timer = setInterval(() => { if (auto.checked && !document.hidden) refresh(); }, 5000);
  return () => clearInterval(timer);
}
