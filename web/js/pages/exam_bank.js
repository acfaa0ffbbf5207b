// Ngân hàng câu hỏi: subjects (list, create), a subject (topics, members,
// question list with filters, import of .xlsx/.csv/.json with a dry-run
// preview and the validation report, export links) and the question editor
// (types, options with their correct marks, images as base64).
// Question content is secret: the list shows metadata only; opening a
// question is a logged read (docs/exams.md).
import { api, get, post, role, session } from '../api.js';
import { h, clear, fold, fmtNum, fmtDateTime, announce } from '../util.js';

export const TYPE_LABELS = {
  single: 'Một lựa chọn', multiple: 'Nhiều lựa chọn', true_false: 'Đúng/Sai', short_answer: 'Trả lời ngắn', essay: 'Tự luận',
};
const ROLE_LABELS = { author: 'Người ra đề', reviewer: 'Người thẩm định', board: 'Hội đồng thi' };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const isManager = () => role() === 'admin' || role() === 'officer';
const LETTERS = 'ABCDEFGHIJKLMNOP';

/** A labelled control. */
function field(label, control, hint) {
  return h('label', { class: 'field' }, h('span', { class: 'label-text' }, label), control, hint ? h('span', { class: 'hint' }, hint) : null);
}

/** An error box that shows an ApiError (message, and the field when given). */
function errorBox(id) {
  const box = h('div', { class: 'alert alert-error', role: 'alert', id, hidden: true });
  box.show = (e) => {
    box.textContent = e.message + (e.field ? ` (trường «${e.field}»)` : '');
    box.hidden = false;
    announce(box.textContent);
  };
  box.hide = () => { box.hidden = true; };
  return box;
}

function table(id, caption, head, rows) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table', id },
    caption ? h('caption', null, caption) : null,
    h('thead', null, h('tr', null, head.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, rows)));
}

/* ---- subjects ------------------------------------------------------------ */

export async function subjectsPage(ctx) {
  ctx.setTitle('Thi, sát hạch');
  const res = await get('/exam/subjects', { signal: ctx.signal });
  const rows = res.items.map((s) => h('tr', null,
    h('td', null, h('a', { href: `#/exam/subjects/${s.id}` }, s.code)),
    h('td', null, s.name),
    h('td', { class: 'num' }, fmtNum(Array.isArray(s.topics) ? s.topics.length : s.topics ?? 0))));
  ctx.main.append(
    h('div', { class: 'page-head' }, h('h1', null, 'Thi, sát hạch: ngân hàng câu hỏi'),
      isManager() ? h('div', { class: 'head-tools' }, h('a', { class: 'btn', href: '#/exam/exams', id: 'exams-link' }, 'Kỳ thi')) : null),
    res.items.length
      ? table('subject-table', 'Môn thi', ['Mã môn', 'Tên môn', 'Số chủ đề'], rows)
      : h('p', { class: 'muted' }, isManager() ? 'Chưa có môn thi nào.' : 'Bạn chưa là thành viên (người ra đề, thẩm định, hội đồng thi) của môn thi nào.'));
  if (isManager()) {
    const code = h('input', { id: 'subject-code', required: true, maxlength: '32', pattern: '[a-z0-9._\\-]+', autocomplete: 'off' });
    const name = h('input', { id: 'subject-name', required: true, maxlength: '200' });
    const err = errorBox('subject-error');
    const form = h('form', { class: 'panel form-grid eb-form', id: 'subject-form' },
      h('h2', null, 'Thêm môn thi'),
      field('Mã môn', code, 'Chữ thường không dấu, số, dấu chấm, gạch dưới, gạch ngang.'), field('Tên môn', name),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Thêm môn')), err);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      err.hide();
      try {
        const r = await post('/exam/subjects', { code: code.value.trim(), name: name.value.trim() });
        location.hash = `#/exam/subjects/${r.id}`;
      } catch (ex) { err.show(ex); }
    });
    ctx.main.append(form);
  }
}

/* ---- one subject ----------------------------------------------------------- */

export async function subjectPage(ctx) {
  const sid = +ctx.params[0];
  const subj = await get(`/exam/subjects/${sid}`, { signal: ctx.signal });
  ctx.setTitle(`Môn ${subj.code}`);
  const me = session.user?.id;
  const myRoles = subj.members.filter((m) => m.user_id === me).map((m) => m.role);
  const canRead = myRoles.length > 0;
  const canWrite = myRoles.includes('author') || myRoles.includes('board');
  ctx.main.append(
    h('div', { class: 'page-head' }, h('h1', null, `${subj.name} (${subj.code})`),
      h('div', { class: 'head-tools' }, h('a', { class: 'btn btn-ghost', href: '#/exam' }, '← Các môn thi'))),
    h('p', { class: 'scope-line', id: 'my-roles' }, canRead ? `Vai trò của bạn: ${myRoles.map((r) => ROLE_LABELS[r]).join(', ')}.`
      : 'Bạn không là thành viên của môn này: không xem được nội dung câu hỏi.'));
  ctx.main.append(topicsSection(subj), membersSection(subj));
  if (canRead) {
    ctx.main.append(await questionsSection(ctx, subj, canWrite));
    ctx.main.append(bankIoSection(subj, canWrite));
  }
}

function topicsSection(subj) {
  const sec = h('section', { class: 'panel', id: 'topics' }, h('h2', null, 'Chủ đề'));
  sec.append(subj.topics.length
    ? table('topic-table', null, ['Mã chủ đề', 'Tên chủ đề'], subj.topics.map((t) => h('tr', null, h('td', null, t.code), h('td', null, t.name))))
    : h('p', { class: 'muted' }, 'Chưa có chủ đề.'));
  if (isManager()) {
    const code = h('input', { id: 'topic-code', required: true, maxlength: '32', autocomplete: 'off' });
    const name = h('input', { id: 'topic-name', required: true, maxlength: '200' });
    const err = errorBox('topic-error');
    const form = h('form', { class: 'inline-form', id: 'topic-form' }, field('Mã chủ đề', code), field('Tên chủ đề', name),
      h('button', { type: 'submit', class: 'btn' }, 'Thêm chủ đề'), err);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      err.hide();
      try {
        await post(`/exam/subjects/${subj.id}/topics`, { code: code.value.trim(), name: name.value.trim() });
        location.reload();
      } catch (ex) { err.show(ex); }
    });
    sec.append(form);
  }
  return sec;
}

function membersSection(subj) {
  const sec = h('section', { class: 'panel', id: 'members' }, h('h2', null, 'Thành viên'),
    h('p', { class: 'hint' }, 'Chỉ người ra đề, người thẩm định và hội đồng thi của môn đọc được nội dung câu hỏi; mọi lần đọc đều được ghi nhật ký.'));
  const err = errorBox('member-error');
  const rows = subj.members.map((m) => h('tr', null, h('td', null, m.username), h('td', null, ROLE_LABELS[m.role] || m.role),
    isManager() ? h('td', null, h('button', {
      type: 'button', class: 'btn btn-small btn-ghost',
      onclick: async () => {
        err.hide();
        try { await api('DELETE', `/exam/subjects/${subj.id}/members`, { user_id: m.user_id, role: m.role }); location.reload(); } catch (ex) { err.show(ex); }
      },
    }, 'Bỏ')) : null));
  sec.append(subj.members.length ? table('member-table', null, ['Người dùng', 'Vai trò', ...(isManager() ? [''] : [])], rows)
    : h('p', { class: 'muted' }, 'Chưa có thành viên.'));
  if (isManager()) {
    const userBox = h('span');
    let userInput = h('input', { id: 'member-user', type: 'number', min: '1', required: true });
    userBox.append(userInput);
    if (role() === 'admin') {
      get('/users').then((r) => {
        userInput = h('select', { id: 'member-user', required: true }, r.items.map((u) => h('option', { value: u.id }, `${u.username} (${u.role})`)));
        clear(userBox).append(userInput);
      }).catch(() => { /* keep the number field */ });
    }
    const roleSel = h('select', { id: 'member-role' }, Object.entries(ROLE_LABELS).map(([k, v]) => h('option', { value: k }, v)));
    const form = h('form', { class: 'inline-form', id: 'member-form' },
      field(role() === 'admin' ? 'Người dùng' : 'Mã người dùng (số)', userBox), field('Vai trò', roleSel),
      h('button', { type: 'submit', class: 'btn' }, 'Thêm thành viên'));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      err.hide();
      try {
        await post(`/exam/subjects/${subj.id}/members`, { user_id: +userInput.value, role: roleSel.value });
        location.reload();
      } catch (ex) { err.show(ex); }
    });
    sec.append(form);
  }
  sec.append(err);
  return sec;
}

async function questionsSection(ctx, subj, canWrite) {
  const res = await get(`/exam/subjects/${subj.id}/questions`, { signal: ctx.signal });
  const sec = h('section', { class: 'panel', id: 'questions' }, h('h2', null, `Câu hỏi (${fmtNum(res.items.filter((q) => !q.retired_at).length)} đang dùng)`));
  const topicSel = h('select', { id: 'q-topic' }, h('option', { value: '' }, 'Tất cả'), subj.topics.map((t) => h('option', { value: t.id }, `${t.code} – ${t.name}`)));
  const diffSel = h('select', { id: 'q-difficulty' }, h('option', { value: '' }, 'Tất cả'), [1, 2, 3, 4, 5].map((d) => h('option', { value: d }, String(d))));
  const typeSel = h('select', { id: 'q-type' }, h('option', { value: '' }, 'Tất cả'), Object.entries(TYPE_LABELS).map(([k, v]) => h('option', { value: k }, v)));
  const search = h('input', { id: 'q-search', type: 'search', placeholder: 'vd: luat, cong chuc', autocomplete: 'off' });
  const statusSel = h('select', { id: 'q-status' }, h('option', { value: 'active' }, 'Đang dùng'), h('option', { value: 'retired' }, 'Đã rút'),
    h('option', { value: '' }, 'Tất cả'));
  const tbody = h('tbody');
  const count = h('p', { class: 'muted', id: 'q-count', 'aria-live': 'polite' });
  function render() {
    const needle = fold(search.value);
    const items = res.items.filter((q) => (!topicSel.value || q.topic_id === +topicSel.value)
      && (!diffSel.value || q.difficulty === +diffSel.value) && (!typeSel.value || q.type === typeSel.value)
      && (!statusSel.value || (statusSel.value === 'retired') === !!q.retired_at)
      && (!needle || (q.tags || []).some((t) => fold(t).includes(needle))));
    clear(tbody).append(...items.map((q) => h('tr', null,
      h('td', { class: 'num' }, h('a', { href: `#/exam/questions/${q.id}` }, `#${q.id}`), q.retired_at ? h('span', { class: 'badge badge-retired' }, 'Đã rút') : null),
      h('td', { class: 'num' }, q.version), h('td', null, q.topic_code), h('td', null, TYPE_LABELS[q.type] || q.type),
      h('td', { class: 'num' }, q.difficulty), h('td', null, (q.tags || []).join('; ')), h('td', { class: 'num' }, q.options),
      h('td', null, fmtDateTime(q.updated_at)))));
    count.textContent = `Hiển thị ${fmtNum(items.length)} / ${fmtNum(res.items.length)} câu hỏi (kể cả câu đã rút).`;
  }
  for (const c of [topicSel, diffSel, typeSel, statusSel]) c.addEventListener('change', render);
  search.addEventListener('input', render);
  sec.append(
    h('div', { class: 'filters', id: 'q-filters' }, field('Chủ đề', topicSel), field('Độ khó', diffSel), field('Loại', typeSel), field('Trạng thái', statusSel),
      field('Tìm theo nhãn (không dấu cũng được)', search)),
    canWrite ? h('p', null, h('a', { class: 'btn btn-primary', href: `#/exam/subjects/${subj.id}/questions/new`, id: 'q-new' }, 'Thêm câu hỏi')) : null,
    count,
    h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'question-table' },
      h('caption', { class: 'visually-hidden' }, 'Danh sách câu hỏi (chỉ thông tin mô tả, không có nội dung)'),
      h('thead', null, h('tr', null, ['Câu', 'Phiên bản', 'Chủ đề', 'Loại', 'Độ khó', 'Nhãn', 'Số phương án', 'Cập nhật'].map((t) => h('th', { scope: 'col' }, t)))),
      tbody)));
  render();
  return sec;
}

/* ---- import / export ---------------------------------------------------------- */

function bankIoSection(subj, canWrite) {
  const base = `/api/v1/exam/subjects/${subj.id}`;
  const sec = h('section', { class: 'panel', id: 'bank-io' }, h('h2', null, 'Nhập, xuất ngân hàng câu hỏi'),
    h('p', null, 'Xuất (mỗi câu hỏi xuất ra được ghi nhật ký là một lần đọc): ',
      h('a', { href: `${base}/bank.xlsx`, id: 'export-xlsx', download: '' }, 'Excel (.xlsx)'), ' · ',
      h('a', { href: `${base}/bank.csv`, id: 'export-csv', download: '' }, 'CSV'), ' · ',
      h('a', { href: `${base}/bank.csv?sep=;`, id: 'export-csv-semicolon', download: '' }, 'CSV (dấu chấm phẩy)'), ' · ',
      h('a', { href: `${base}/bank`, id: 'export-json', download: `ngan-hang-${subj.code}.json` }, 'JSON (kèm ảnh)')));
  if (!canWrite) return sec;
  const file = h('input', { type: 'file', id: 'bank-file', accept: '.xlsx,.csv,.json' });
  const err = errorBox('bank-error');
  const out = h('div', { id: 'bank-result' });
  const check = h('button', { type: 'button', class: 'btn', id: 'bank-check' }, 'Kiểm tra (không ghi)');
  const submit = h('button', { type: 'button', class: 'btn btn-primary', id: 'bank-import' }, 'Nhập');
  async function run(dry) {
    err.hide();
    clear(out);
    const f = file.files && file.files[0];
    if (!f) { err.show({ message: 'Vui lòng chọn tệp .xlsx, .csv hoặc .json.' }); file.focus(); return; }
    const ext = (f.name.split('.').pop() || '').toLowerCase();
    check.disabled = submit.disabled = true;
    try {
      let r;
      if (ext === 'json') {
        let doc;
        try { doc = JSON.parse(await f.text()); } catch { throw { message: 'Tệp JSON không hợp lệ.' }; }
        const body = Array.isArray(doc) ? { questions: doc } : { ...doc };
        body.dry_run = dry;
        r = await post(`/exam/subjects/${subj.id}/bank`, body);
      } else if (ext === 'xlsx' || ext === 'csv') {
        const type = ext === 'xlsx' ? XLSX : 'text/csv; charset=utf-8';
        r = await api('POST', `/exam/subjects/${subj.id}/bank.${ext}${dry ? '?dry_run=1' : ''}`, new Blob([await f.arrayBuffer()], { type }),
          { headers: { 'Content-Type': type } });
      } else throw { message: 'Chỉ nhận tệp .xlsx, .csv hoặc .json.' };
      const msg = dry ? `Tệp hợp lệ: ${fmtNum(r.valid)} câu hỏi. Chưa ghi gì; bấm «Nhập» để ghi.` : `Đã nhập ${fmtNum(r.created)} câu hỏi.`;
      out.append(h('div', { class: 'alert alert-success', id: 'bank-ok' }, msg));
      announce(msg);
      if (r.preview && r.preview.length) {
        out.append(table('bank-preview', `Xem trước (${fmtNum(r.preview.length)} dòng đầu)`, ['Dòng', 'Chủ đề', 'Loại', 'Độ khó', 'Nội dung', 'Số phương án', 'Đáp án', 'Điểm'],
          r.preview.map((p) => h('tr', null, h('td', { class: 'num' }, p.row), h('td', null, p.topic_code), h('td', null, TYPE_LABELS[p.type] || p.type),
            h('td', { class: 'num' }, p.difficulty), h('td', null, p.stem), h('td', { class: 'num' }, p.options), h('td', null, p.correct),
            h('td', { class: 'num' }, (p.points / 100).toLocaleString('vi-VN'))))));
      }
      if (!dry) setTimeout(() => location.reload(), 1200);
    } catch (ex) {
      err.show(ex.code === 'rows_invalid' ? { message: `Tệp có ${fmtNum(ex.body.error.error_count ?? ex.rows.length)} lỗi; không câu hỏi nào được ghi.` } : ex);
      const rows = ex.rows || ex.body?.error?.rows;
      if (rows) {
        out.append(table('bank-errors', 'Báo cáo lỗi theo dòng', ['Dòng', 'Cột', 'Lý do'],
          rows.map((r) => h('tr', null, h('td', { class: 'num' }, r.line && r.line !== r.row ? `${r.row} (dòng tệp ${r.line})` : r.row),
            h('td', null, (r.letter ? `${r.letter} – ` : '') + (r.column || r.field || '')), h('td', null, r.message)))));
      }
    } finally {
      check.disabled = submit.disabled = false;
    }
  }
  check.addEventListener('click', () => run(true));
  submit.addEventListener('click', () => run(false));
  sec.append(
    h('div', { class: 'field' }, h('label', { for: 'bank-file', class: 'label-text' }, 'Tệp ngân hàng câu hỏi (.xlsx, .csv hoặc .json)'), file),
    h('p', { class: 'hint' }, 'Mỗi dòng một câu hỏi; tiêu đề cột tiếng Việt: Mã chủ đề, Loại câu hỏi, Độ khó, Nội dung câu hỏi, Đáp án (A hoặc A,C; Đúng/Sai), Hướng dẫn chấm, Điểm, Nhãn, Phương án A…P. '
      + 'Ảnh không đặt được trong ô bảng tính: thêm ảnh trong trình soạn câu hỏi hoặc dùng tệp JSON. Tệp có bất kỳ lỗi nào sẽ không được nhập câu nào.'),
    h('div', { class: 'actions' }, check, submit), err, out);
  return sec;
}

/* ---- the question editor -------------------------------------------------------- */

function readBase64(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(new Error('Không đọc được tệp ảnh.'));
    r.readAsDataURL(file);
  });
}

export async function questionPage(ctx) {
  const editing = ctx.path.startsWith('/exam/questions/');
  let q = null, sid;
  if (editing) {
    q = await get(`/exam/questions/${ctx.params[0]}`, { signal: ctx.signal });
    sid = q.subject_id;
  } else sid = +ctx.params[0];
  const subj = await get(`/exam/subjects/${sid}`, { signal: ctx.signal });
  ctx.setTitle(editing ? `Câu hỏi #${q.id}` : 'Thêm câu hỏi');
  const err = errorBox('q-error');
  const topic = h('select', { id: 'q-topic-id', required: true }, subj.topics.map((t) => h('option', { value: t.id, selected: q && q.topic_id === t.id }, `${t.code} – ${t.name}`)));
  const type = h('select', { id: 'q-type-sel' }, Object.entries(TYPE_LABELS).map(([k, v]) => h('option', { value: k, selected: q && q.type === k }, v)));
  const diff = h('select', { id: 'q-diff' }, [1, 2, 3, 4, 5].map((d) => h('option', { value: d, selected: q ? q.difficulty === d : d === 2 }, String(d))));
  const points = h('input', { id: 'q-points', type: 'number', min: '0.01', max: '100', step: '0.01', value: q ? q.points / 100 : 1 });
  const stem = h('textarea', { id: 'q-stem', rows: '5', required: true, value: q ? q.stem : '' });
  const tags = h('input', { id: 'q-tags', value: q ? (q.tags || []).join('; ') : '', placeholder: 'luật; công chức' });
  const answer = h('textarea', { id: 'q-answer', rows: '3', value: q && q.answer ? q.answer : '' });
  const answerLabel = h('span', { class: 'label-text' });
  const optsBox = h('div', { id: 'q-options' });
  let options = q && q.options ? q.options.map((o) => ({ text: o.text, correct: !!o.correct })) : [{ text: '', correct: true }, { text: '', correct: false }, { text: '', correct: false }, { text: '', correct: false }];
  let images = q && q.images ? q.images.map((i) => ({ mime: i.mime, data_base64: i.data_base64 })) : [];
  const imgBox = h('div', { id: 'q-images', class: 'q-images' });
  const imgFile = h('input', { type: 'file', id: 'q-image-file', accept: 'image/png,image/jpeg,image/gif,image/webp' });

  function renderOptions() {
    clear(optsBox);
    const t = type.value;
    answerLabel.textContent = t === 'short_answer' ? 'Đáp án (bắt buộc)' : t === 'essay' ? 'Hướng dẫn chấm' : 'Giải thích đáp án (không bắt buộc)';
    if (t === 'short_answer' || t === 'essay') { optsBox.append(h('p', { class: 'muted' }, 'Loại câu này không có phương án.')); return; }
    if (t === 'true_false' && (options.length !== 2)) options = [{ text: 'Đúng', correct: true }, { text: 'Sai', correct: false }];
    const single = t !== 'multiple';
    optsBox.append(h('p', { class: 'hint' }, single ? 'Đánh dấu đúng 1 phương án đúng.' : 'Đánh dấu mọi phương án đúng (ít nhất 1).'));
    options.forEach((o, i) => {
      const text = h('input', { class: 'opt-text', id: `q-opt-${i}`, value: o.text, 'aria-label': `Phương án ${LETTERS[i]}`, oninput: (e) => { o.text = e.target.value; } });
      const mark = h('input', {
        type: single ? 'radio' : 'checkbox', name: 'q-correct', class: 'opt-correct', id: `q-opt-correct-${i}`, checked: o.correct,
        onchange: (e) => { if (single) options.forEach((x, k) => { x.correct = k === i; }); else o.correct = e.target.checked; },
      });
      optsBox.append(h('div', { class: 'q-option' }, h('span', { class: 'q-letter' }, LETTERS[i]), text,
        h('label', { class: 'inline-label' }, mark, ' Đúng'),
        t !== 'true_false' && options.length > 2 ? h('button', { type: 'button', class: 'btn btn-small btn-ghost', onclick: () => { options.splice(i, 1); renderOptions(); } }, 'Xóa') : null));
    });
    if (t !== 'true_false' && options.length < 16) {
      optsBox.append(h('button', { type: 'button', class: 'btn btn-small', id: 'q-opt-add', onclick: () => { options.push({ text: '', correct: false }); renderOptions(); } }, 'Thêm phương án'));
    }
  }
  function renderImages() {
    clear(imgBox);
    images.forEach((im, i) => imgBox.append(h('figure', { class: 'q-image' },
      h('img', { src: `data:${im.mime};base64,${im.data_base64}`, alt: `Ảnh ${i + 1} của câu hỏi` }),
      h('button', { type: 'button', class: 'btn btn-small btn-ghost', onclick: () => { images.splice(i, 1); renderImages(); } }, 'Bỏ ảnh'))));
  }
  imgFile.addEventListener('change', async () => {
    const f = imgFile.files && imgFile.files[0];
    if (!f) return;
    err.hide();
    if (f.size > 512 * 1024) { err.show({ message: 'Ảnh tối đa 512 KiB.' }); return; }
    if (images.length >= 8) { err.show({ message: 'Tối đa 8 ảnh cho một câu hỏi.' }); return; }
    images.push({ mime: f.type, data_base64: await readBase64(f) });
    imgFile.value = '';
    renderImages();
  });
  type.addEventListener('change', () => {
    if (type.value === 'single') { let seen = false; options.forEach((o) => { o.correct = o.correct && !seen; seen = seen || o.correct; }); }
    renderOptions();
  });
  renderOptions();
  renderImages();

  const form = h('form', { class: 'panel form-grid eb-form', id: 'question-form', novalidate: true },
    h('div', { class: 'grid-2' }, field('Chủ đề', topic), field('Loại câu hỏi', type), field('Độ khó (1–5)', diff), field('Điểm', points)),
    h('label', { class: 'field field-wide' }, h('span', { class: 'label-text' }, 'Nội dung câu hỏi'), stem),
    h('fieldset', { class: 'form-section' }, h('legend', null, 'Phương án'), optsBox),
    h('label', { class: 'field field-wide' }, answerLabel, answer),
    h('label', { class: 'field field-wide' }, h('span', { class: 'label-text' }, 'Nhãn (cách nhau bằng dấu chấm phẩy)'), tags),
    h('fieldset', { class: 'form-section' }, h('legend', null, 'Ảnh (PNG, JPEG, GIF, WebP; tối đa 8 ảnh, mỗi ảnh 512 KiB)'), imgBox,
      h('label', { class: 'field' }, h('span', { class: 'label-text' }, 'Thêm ảnh'), imgFile)),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'q-save' }, editing ? 'Lưu phiên bản mới' : 'Thêm câu hỏi'),
      h('a', { class: 'btn btn-ghost', href: `#/exam/subjects/${sid}` }, 'Quay lại')),
    err);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    err.hide();
    const t = type.value;
    const body = {
      topic_id: +topic.value, type: t, difficulty: +diff.value, points: Math.round(parseFloat(String(points.value).replace(',', '.')) * 100),
      stem: stem.value, tags: tags.value.split(/[;,]/).map((s) => s.trim()).filter(Boolean), images,
    };
    if (answer.value.trim()) body.answer = answer.value;
    if (t !== 'short_answer' && t !== 'essay') body.options = options.map((o) => ({ text: o.text, correct: !!o.correct }));
    try {
      if (editing) {
        body.version = q.version_current ?? q.current_version ?? q.version;
        const r = await api('PUT', `/exam/questions/${q.id}`, body);
        announce(`Đã lưu phiên bản ${r.version}.`);
        location.hash = `#/exam/subjects/${sid}`;
      } else {
        await post(`/exam/subjects/${sid}/questions`, body);
        location.hash = `#/exam/subjects/${sid}`;
      }
    } catch (ex) { err.show(ex); }
  });
  let retireBox = null;
  if (editing) {
    const rerr = errorBox('q-retire-error');
    if (q.retired_at) {
      retireBox = h('section', { class: 'panel', id: 'q-retired' },
        h('p', { class: 'alert alert-info' }, `Câu hỏi đã được rút khỏi ngân hàng lúc ${fmtDateTime(q.retired_at)}${q.retired_reason ? ` (lý do: ${q.retired_reason})` : ''}: `
          + 'không được chọn vào đề mới, không xuất ra tệp; các đề đã tạo vẫn giữ câu này.'),
        h('button', {
          type: 'button', class: 'btn', id: 'q-restore',
          onclick: async () => { rerr.hide(); try { await post(`/exam/questions/${q.id}/restore`, {}); location.reload(); } catch (x) { rerr.show(x); } },
        }, 'Khôi phục câu hỏi'), rerr);
      for (const el of form.querySelectorAll('input, select, textarea, button[type=submit]')) el.disabled = true;
    } else {
      const reason = h('input', { id: 'q-retire-reason', maxlength: '1000' });
      retireBox = h('section', { class: 'panel', id: 'q-retire' }, h('h2', null, 'Rút câu hỏi khỏi ngân hàng'),
        h('p', { class: 'hint' }, 'Câu hỏi không bao giờ bị xóa: câu bị rút không được chọn vào đề mới; các đề đã tạo giữ nguyên phiên bản của mình. Có thể khôi phục.'),
        h('div', { class: 'inline-form' }, field('Lý do', reason), h('button', {
          type: 'button', class: 'btn', id: 'q-retire-btn',
          onclick: async () => {
            rerr.hide();
            const body = reason.value.trim() ? { reason: reason.value.trim() } : {};
            try { await post(`/exam/questions/${q.id}/retire`, body); location.hash = `#/exam/subjects/${sid}`; } catch (x) { rerr.show(x); }
          },
        }, 'Rút câu hỏi')), rerr);
    }
  }
  ctx.main.append(
    h('div', { class: 'page-head' }, h('h1', null, editing ? `Câu hỏi #${q.id} – phiên bản ${q.version}` : `Thêm câu hỏi – môn ${subj.code}`)),
    editing ? h('p', { class: 'hint' }, 'Mỗi lần lưu tạo một phiên bản mới; các đề đã tạo giữ nguyên phiên bản cũ. Lần mở câu hỏi này đã được ghi nhật ký.') : null,
    form, retireBox);
}
