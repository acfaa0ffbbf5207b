// Kỳ thi: list, creation with a blueprint (topic, difficulty, count; the
// server's pool-size errors shown on their row), and one exam: sittings,
// candidates (staff picked from the records by search, external applicants
// with documents and priority categories), form generation and a form's
// reproducibility check. docs/exams.md.
import { get, post } from '../api.js';
import { h, clear, fmtDate, fmtNum, parseDate, debounce, announce, fmtDateTime } from '../util.js';
import { isManager } from './exam_bank.js';

/** Points in hundredths as "7,5" / "5" / "1,5". */
const fmtPts = (v) => String(v / 100).replace('.', ',');

export const EXAM_TYPES = {
  staff_test: 'Kiểm tra, sát hạch công chức', recruit_r1: 'Thi tuyển – vòng 1', recruit_r2: 'Thi tuyển – vòng 2',
  leadership: 'Thi tuyển chức danh lãnh đạo',
};

let PRIO = {};
const prioLabel = (code) => PRIO[code] || code;

function field(label, control, hint) {
  return h('label', { class: 'field' }, h('span', { class: 'label-text' }, label), control, hint ? h('span', { class: 'hint' }, hint) : null);
}

function errorBox(id) {
  const box = h('div', { class: 'alert alert-error', role: 'alert', id, hidden: true });
  box.show = (e) => { box.textContent = e.message; box.hidden = false; announce(box.textContent); };
  box.hide = () => { box.hidden = true; };
  return box;
}

function table(id, caption, head, rows) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table', id },
    caption ? h('caption', null, caption) : null,
    h('thead', null, h('tr', null, head.map((t) => h('th', { scope: 'col' }, t)))), h('tbody', null, rows)));
}

export async function examsPage(ctx) {
  ctx.setTitle('Kỳ thi');
  const res = await get('/exams', { signal: ctx.signal });
  ctx.main.append(
    h('div', { class: 'page-head' }, h('h1', null, 'Kỳ thi'),
      h('div', { class: 'head-tools' }, h('a', { class: 'btn btn-ghost', href: '#/exam' }, 'Ngân hàng câu hỏi'),
        h('a', { class: 'btn btn-primary', href: '#/exam/exams/new', id: 'exam-new' }, 'Tạo kỳ thi'))),
    res.items.length ? table('exam-table', null, ['Kỳ thi', 'Loại', 'Ngày', 'Thời gian (phút)', 'Thí sinh'],
      res.items.map((e) => h('tr', null, h('td', null, h('a', { href: `#/exam/exams/${e.id}` }, e.title)), h('td', null, EXAM_TYPES[e.type] || e.type),
        h('td', null, fmtDate(e.reference_date)), h('td', { class: 'num' }, e.duration_min), h('td', { class: 'num' }, fmtNum(e.candidates)))))
      : h('p', { class: 'muted' }, 'Chưa có kỳ thi nào.'));
}

export async function examNewPage(ctx) {
  ctx.setTitle('Tạo kỳ thi');
  const subjects = (await get('/exam/subjects', { signal: ctx.signal })).items;
  const err = errorBox('exam-error');
  const subject = h('select', { id: 'exam-subject', required: true }, subjects.map((s) => h('option', { value: s.id }, `${s.code} – ${s.name}`)));
  const type = h('select', { id: 'exam-type' }, Object.entries(EXAM_TYPES).map(([k, v]) => h('option', { value: k }, v)));
  const title = h('input', { id: 'exam-title', required: true, maxlength: '300' });
  const refDate = h('input', { id: 'exam-date', required: true, placeholder: 'dd/mm/yyyy', inputmode: 'numeric' });
  const duration = h('input', { id: 'exam-duration', type: 'number', min: '1', max: '600', value: '60' });
  const pass = h('input', { id: 'exam-pass', type: 'number', min: '1', max: '100', placeholder: 'mặc định' });
  const bpBody = h('tbody', { id: 'bp-rows' });
  let topics = [];
  const rows = [];
  function addRow(init = {}) {
    const r = {
      topic: h('select', { class: 'bp-topic', 'aria-label': 'Chủ đề' }, topics.map((t) => h('option', { value: t.id, selected: init.topic_id === t.id }, `${t.code} – ${t.name}`))),
      diff: h('select', { class: 'bp-diff', 'aria-label': 'Độ khó' }, [1, 2, 3, 4, 5].map((d) => h('option', { value: d, selected: init.difficulty === d }, String(d)))),
      count: h('input', { class: 'bp-count', type: 'number', min: '1', value: init.count || 1, 'aria-label': 'Số câu' }),
      msg: h('td', { class: 'error-text bp-error' }),
    };
    r.tr = h('tr', null, h('td', { class: 'num' }), h('td', null, r.topic), h('td', null, r.diff), h('td', null, r.count),
      h('td', null, h('button', { type: 'button', class: 'btn btn-small btn-ghost', onclick: () => { rows.splice(rows.indexOf(r), 1); r.tr.remove(); renumber(); } }, 'Xóa')), r.msg);
    rows.push(r);
    bpBody.append(r.tr);
    renumber();
  }
  function renumber() { rows.forEach((r, i) => { r.tr.firstChild.textContent = String(i + 1); }); }
  async function loadTopics() {
    if (!subject.value) return;
    const s = await get(`/exam/subjects/${subject.value}`, { signal: ctx.signal });
    topics = s.topics;
    rows.splice(0).forEach((r) => r.tr.remove());
    addRow();
  }
  subject.addEventListener('change', loadTopics);
  const form = h('form', { class: 'panel form-grid eb-form', id: 'exam-form', novalidate: true },
    h('div', { class: 'grid-2' }, field('Môn thi (ngân hàng câu hỏi)', subject), field('Loại kỳ thi', type), field('Tên kỳ thi', title),
      field('Ngày thi', refDate, 'dd/mm/yyyy'), field('Thời gian làm bài (phút)', duration), field('Điểm đạt (%)', pass, 'Thi tuyển: 50 (NĐ 170/2025).')),
    h('fieldset', { class: 'form-section' }, h('legend', null, 'Ma trận đề: số câu theo chủ đề và độ khó'),
      h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'bp-table' },
        h('thead', null, h('tr', null, ['Dòng', 'Chủ đề', 'Độ khó', 'Số câu', '', 'Kiểm tra ngân hàng'].map((t) => h('th', { scope: 'col' }, t)))), bpBody)),
      h('button', { type: 'button', class: 'btn btn-small', id: 'bp-add', onclick: () => addRow() }, 'Thêm dòng')),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'exam-save' }, 'Tạo kỳ thi')), err);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    err.hide();
    rows.forEach((r) => { r.msg.textContent = ''; });
    const iso = parseDate(refDate.value);
    if (!iso) { err.show({ message: 'Ngày thi phải có dạng dd/mm/yyyy.' }); refDate.focus(); return; }
    const body = {
      subject_id: +subject.value, type: type.value, title: title.value.trim(), reference_date: iso, duration_min: +duration.value,
      blueprint: rows.map((r) => ({ topic_id: +r.topic.value, difficulty: +r.diff.value, count: +r.count.value })),
    };
    if (pass.value) body.pass_percent = +pass.value;
    try {
      const r = await post('/exams', body);
      location.hash = `#/exam/exams/${r.id}`;
    } catch (ex) {
      const m = /^blueprint\.(\d+)/.exec(ex.field || '');
      if (m && rows[+m[1]]) { rows[+m[1]].msg.textContent = ex.message; rows[+m[1]].count.focus(); }
      err.show(ex);
    }
  });
  ctx.main.append(h('div', { class: 'page-head' }, h('h1', null, 'Tạo kỳ thi')), subjects.length ? form : h('p', { class: 'muted' }, 'Chưa có môn thi nào: hãy tạo môn và ngân hàng câu hỏi trước.'));
  await loadTopics();
}

export async function examPage(ctx) {
  const eid = +ctx.params[0];
  const ex = await get(`/exams/${eid}`, { signal: ctx.signal });
  ctx.setTitle(ex.title);
  const cands = (await get(`/exams/${eid}/candidates`, { signal: ctx.signal })).items;
  if (isManager()) {
    try { PRIO = Object.fromEntries((await get('/exam/priorities', { signal: ctx.signal })).items.map((p) => [p.code, p.label])); } catch { /* codes shown */ }
  }
  const sittingName = (id) => { const s = ex.sittings.find((x) => x.id === id); return s ? `${fmtDateTime(s.starts_at + ':00+07:00')} – ${s.room}` : ''; };
  ctx.main.append(
    h('div', { class: 'page-head' }, h('h1', null, ex.title),
      h('div', { class: 'head-tools' }, isManager() ? h('a', { class: 'btn btn-ghost', href: '#/exam/exams' }, '← Các kỳ thi') : null)),
    h('dl', { class: 'kv-list', id: 'exam-facts' },
      h('dt', null, 'Loại'), h('dd', null, EXAM_TYPES[ex.type] || ex.type),
      h('dt', null, 'Môn'), h('dd', null, ex.subject_code),
      h('dt', null, 'Ngày thi'), h('dd', null, fmtDate(ex.reference_date)),
      h('dt', null, 'Thời gian làm bài'), h('dd', null, `${ex.duration_min} phút`),
      h('dt', null, 'Điểm đạt'), h('dd', null, `${ex.pass_percent}%`),
      h('dt', null, 'Thí sinh / đề đã tạo'), h('dd', { id: 'exam-counts' }, `${fmtNum(ex.candidates)} / ${fmtNum(ex.forms)}`)),
    h('section', { class: 'panel', id: 'blueprint' }, h('h2', null, 'Ma trận đề'),
      table('bp-view', null, ['Dòng', 'Chủ đề', 'Độ khó', 'Số câu'], ex.blueprint.map((b, i) => h('tr', null, h('td', { class: 'num' }, i + 1),
        h('td', null, b.topic_code), h('td', { class: 'num' }, b.difficulty), h('td', { class: 'num' }, b.count))))));
  ctx.main.append(sittingsSection(ex), candidatesSection(ctx, ex, cands, sittingName), formsSection(ex, cands));
}

function sittingsSection(ex) {
  const sec = h('section', { class: 'panel', id: 'sittings' }, h('h2', null, 'Ca thi'));
  sec.append(ex.sittings.length ? table('sitting-table', null, ['Ca', 'Bắt đầu', 'Phòng', 'Số chỗ', 'Đã xếp'],
    ex.sittings.map((s, i) => h('tr', null, h('td', { class: 'num' }, i + 1), h('td', null, `${fmtDate(s.starts_at.slice(0, 10))} ${s.starts_at.slice(11, 16)}`),
      h('td', null, s.room), h('td', { class: 'num' }, s.capacity), h('td', { class: 'num' }, s.registered))))
    : h('p', { class: 'muted' }, 'Chưa có ca thi.'));
  if (!isManager()) return sec;
  const err = errorBox('sitting-error');
  const day = h('input', { id: 'sitting-date', placeholder: 'dd/mm/yyyy', required: true });
  const time = h('input', { id: 'sitting-time', type: 'time', value: '08:00', required: true });
  const room = h('input', { id: 'sitting-room', required: true, maxlength: '200' });
  const cap = h('input', { id: 'sitting-capacity', type: 'number', min: '1', value: '30' });
  const form = h('form', { class: 'inline-form', id: 'sitting-form', novalidate: true }, field('Ngày', day), field('Giờ', time), field('Phòng thi', room),
    field('Số chỗ', cap), h('button', { type: 'submit', class: 'btn' }, 'Thêm ca thi'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    err.hide();
    const iso = parseDate(day.value);
    if (!iso) { err.show({ message: 'Ngày phải có dạng dd/mm/yyyy.' }); return; }
    try {
      await post(`/exams/${ex.id}/sittings`, { starts_at: `${iso}T${time.value}`, room: room.value.trim(), capacity: +cap.value });
      location.reload();
    } catch (x) { err.show(x); }
  });
  sec.append(form, err);
  return sec;
}

function candidatesSection(ctx, ex, cands, sittingName) {
  const sec = h('section', { class: 'panel', id: 'candidates' }, h('h2', null, `Thí sinh (${fmtNum(cands.length)})`));
  sec.append(cands.length ? table('candidate-table', null, ['STT', 'Họ và tên', 'Ngày sinh', 'Nguồn', 'Ca thi', 'Ưu tiên', 'Giấy tờ', 'Đề'],
    cands.map((c, i) => h('tr', null, h('td', { class: 'num' }, i + 1), h('td', null, c.full_name), h('td', null, fmtDate(c.birth_date)),
      h('td', null, c.person_id ? h('a', { href: `#/people/${c.person_id}` }, 'Cán bộ trong hồ sơ') : 'Thí sinh tự do'),
      h('td', null, sittingName(c.sitting_id)), h('td', { class: 'cand-prio' }, (c.priority || []).map((p) => prioLabel(p)).join('; ')),
      h('td', null, (c.documents || []).map((d) => `${d.kind}: ${d.ref}`).join('; ')),
      h('td', null, c.form_id ? h('button', { type: 'button', class: 'btn btn-small', 'data-cand': c.id, onclick: () => showForm(ex, c) }, 'Xem đề') : '—'))))
    : h('p', { class: 'muted' }, 'Chưa có thí sinh.'));
  if (!isManager()) return sec;
  const err = errorBox('cand-error');
  const sittingSel = () => h('select', { class: 'cand-sitting' }, h('option', { value: '' }, 'Chưa xếp ca'),
    ex.sittings.map((s, i) => h('option', { value: s.id }, `Ca ${i + 1}: ${sittingName(s.id)}`)));
  // Staff from the records: search, then pick.
  const q = h('input', { id: 'cand-search', type: 'search', placeholder: 'Họ tên hoặc CCCD', autocomplete: 'off' });
  const staffSitting = sittingSel();
  staffSitting.id = 'cand-staff-sitting';
  const results = h('ul', { id: 'cand-results', class: 'cand-results' });
  const search = debounce(async () => {
    clear(results);
    const s = q.value.trim();
    if (s.length < 2) return;
    try {
      const r = await get(`/people?q=${encodeURIComponent(s)}&per_page=10`, { signal: ctx.signal });
      for (const p of r.items) {
        results.append(h('li', null, `${p.full_name} (${fmtDate(p.birth_date)}${p.unit_name ? ', ' + p.unit_name : ''}) `,
          h('button', {
            type: 'button', class: 'btn btn-small', 'data-person': p.id,
            onclick: async () => {
              err.hide();
              const body = { person_id: p.id };
              if (staffSitting.value) body.sitting_id = +staffSitting.value;
              try { await post(`/exams/${ex.id}/candidates`, body); location.reload(); } catch (x) { err.show(x); }
            },
          }, 'Thêm')));
      }
      if (!r.items.length) results.append(h('li', { class: 'muted' }, 'Không tìm thấy.'));
    } catch (x) { if (x.name !== 'AbortError') err.show(x); }
  }, 300);
  q.addEventListener('input', search);
  // External applicants.
  const name = h('input', { id: 'ext-name', maxlength: '120' });
  const birth = h('input', { id: 'ext-birth', placeholder: 'dd/mm/yyyy' });
  const cccd = h('input', { id: 'ext-cccd', inputmode: 'numeric', maxlength: '12' });
  const extSitting = sittingSel();
  extSitting.id = 'ext-sitting';
  const prioBox = h('div', { id: 'ext-priority', class: 'prio-box' }, h('span', { class: 'muted' }, 'Đang tải danh mục…'));
  // The categories, their points and the legal source of the regime in
  // force on the exam's reference date (NĐ 138/2020 until 30/6/2025, NĐ 170/2025 after).
  const prioLegend = h('legend', { id: 'ext-prio-legend' }, 'Đối tượng ưu tiên');
  get(`/exam/priorities?date=${encodeURIComponent(ex.reference_date)}`).then((r) => {
    prioLegend.textContent = `Đối tượng ưu tiên (${r.source})`;
    clear(prioBox).append(...r.items.map((p) => h('label', { class: 'inline-label' },
      h('input', { type: 'checkbox', value: p.code, class: 'ext-prio', disabled: !p.points }),
      ` ${p.label} (${p.points ? `${fmtPts(p.points)} điểm` : `chưa áp dụng ngày ${fmtDate(ex.reference_date)}`})`)));
  }).catch(() => { clear(prioBox).append(h('span', { class: 'muted' }, 'Không tải được danh mục đối tượng ưu tiên.')); });
  const docsBody = h('div', { id: 'ext-docs' });
  const addDoc = () => docsBody.append(h('div', { class: 'inline-form ext-doc' },
    h('input', { class: 'doc-kind', placeholder: 'Loại giấy tờ (vd: bằng tốt nghiệp)', 'aria-label': 'Loại giấy tờ' }),
    h('input', { class: 'doc-ref', placeholder: 'Số hiệu hoặc tên tệp', 'aria-label': 'Số hiệu giấy tờ' })));
  addDoc();
  const extForm = h('form', { class: 'form-grid eb-form cand-form', id: 'ext-form', novalidate: true },
    h('h3', null, 'Thí sinh tự do (ngoài hồ sơ)'),
    h('div', { class: 'grid-2' }, field('Họ và tên', name), field('Ngày sinh', birth, 'dd/mm/yyyy'), field('Số CCCD', cccd, '12 chữ số'), field('Ca thi', extSitting)),
    h('fieldset', { class: 'form-section' }, prioLegend, prioBox),
    h('fieldset', { class: 'form-section' }, h('legend', null, 'Hồ sơ kèm theo'), docsBody,
      h('button', { type: 'button', class: 'btn btn-small', onclick: addDoc }, 'Thêm giấy tờ')),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn', id: 'ext-save' }, 'Thêm thí sinh')));
  extForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    err.hide();
    const iso = parseDate(birth.value);
    if (!iso) { err.show({ message: 'Ngày sinh phải có dạng dd/mm/yyyy.' }); return; }
    const body = {
      full_name: name.value.trim(), birth_date: iso, cccd: cccd.value.trim(),
      priority: [...prioBox.querySelectorAll('.ext-prio:checked')].map((x) => x.value),
      documents: [...docsBody.querySelectorAll('.ext-doc')].map((d) => ({ kind: d.querySelector('.doc-kind').value.trim(), ref: d.querySelector('.doc-ref').value.trim() }))
        .filter((d) => d.kind || d.ref),
    };
    if (extSitting.value) body.sitting_id = +extSitting.value;
    try { await post(`/exams/${ex.id}/candidates`, body); location.reload(); } catch (x) { err.show(x); }
  });
  sec.append(
    h('div', { class: 'form-grid eb-form cand-form', id: 'staff-pick' }, h('h3', null, 'Cán bộ, công chức trong hồ sơ'),
      h('div', { class: 'grid-2' }, field('Tìm cán bộ', q), field('Ca thi', staffSitting)), results),
    extForm, err);
  return sec;
}

function formsSection(ex, cands) {
  const sec = h('section', { class: 'panel', id: 'forms' }, h('h2', null, 'Đề thi của thí sinh'),
    h('p', { class: 'hint' }, 'Mỗi thí sinh có một đề riêng, rút từ ma trận đề với hạt giống ngẫu nhiên riêng; thứ tự câu và phương án được xáo trộn. Đề có thể được tái lập chính xác từ hạt giống để kiểm chứng.'));
  const out = h('div', { id: 'forms-result' });
  const err = errorBox('forms-error');
  if (isManager()) {
    const missing = cands.filter((c) => !c.form_id).length;
    sec.append(h('p', null, h('button', {
      type: 'button', class: 'btn btn-primary', id: 'forms-generate', disabled: missing === 0,
      onclick: async () => {
        err.hide();
        try {
          const r = await post(`/exams/${ex.id}/forms`, {});
          const msg = `Đã tạo ${fmtNum(r.generated)} đề.`;
          out.append(h('div', { class: 'alert alert-success', id: 'forms-ok' }, msg));
          announce(msg);
          setTimeout(() => location.reload(), 1000);
        } catch (x) { err.show(x); }
      },
    }, `Tạo đề cho ${fmtNum(missing)} thí sinh chưa có đề`)));
  }
  sec.append(err, out, h('div', { id: 'form-view' }));
  return sec;
}

async function showForm(ex, c) {
  const box = document.getElementById('form-view');
  clear(box).append(h('p', { class: 'loading' }, 'Đang tái lập đề…'));
  try {
    const f = await get(`/exams/${ex.id}/candidates/${c.id}/form?verify=1`);
    clear(box).append(
      h('h3', null, `Đề của ${c.full_name}`),
      h('p', { id: 'form-reproduced', class: f.reproduced ? 'ok-text' : 'error-text' },
        f.reproduced ? `Tái lập từ hạt giống ${f.seed}: trùng khớp hoàn toàn với đề đã lưu.` : `Tái lập từ hạt giống ${f.seed}: KHÔNG khớp với đề đã lưu.`),
      h('p', { class: 'muted' }, `Tạo lúc ${fmtDateTime(f.generated_at)}; ${fmtNum(f.items.length)} câu.`),
      table('form-items', null, ['Vị trí', 'Câu hỏi', 'Phiên bản', 'Thứ tự phương án'],
        f.items.map((it) => h('tr', null, h('td', { class: 'num' }, it.pos), h('td', null, `#${it.question_id}`), h('td', { class: 'num' }, it.version),
          h('td', null, (it.option_order || []).map((k) => 'ABCDEFGHIJKLMNOP'[k]).join(' '))))));
    box.scrollIntoView({ block: 'nearest' });
  } catch (x) {
    clear(box).append(h('div', { class: 'alert alert-error', role: 'alert' }, x.message));
  }
}
