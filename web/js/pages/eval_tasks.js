// Giao nhiệm vụ: the unit's catalogue of product types (norms, task groups,
// create/retire) and the assignment of tasks for a month or quarter, with
// the list of the unit's tasks of the period.
import { get, api, post, role, canWrite, session } from '../api.js';
import { h, clear, fmtDate, parseDate, announce } from '../util.js';
import { replaceQuery } from '../main.js';
import { sortableTable } from '../table.js';
import {
  periodFrom, periodPicker, periodApi, periodQuery, periodName, unitSelect, unitPeople, field, errorBox, showError, showOk,
  fmtScore, parseX100, num,
} from './eval_common.js';

const VERIFIER_ROLES = { admin: 'Quản trị', officer: 'Cán bộ tổ chức', leader: 'Lãnh đạo', staff: 'Công chức' };

export async function evalTasksPage(ctx) {
  ctx.setTitle('Giao nhiệm vụ');
  ctx.main.classList.add('wide');
  const state = new URLSearchParams(ctx.query);
  let period = periodFrom(state);
  let unit = state.get('unit') || (session.scope?.units?.[0]?.id ?? session.user.unit_id ?? '');
  const body = h('div', { id: 'eval-tasks-body' });
  const save = () => {
    state.set('unit', unit); state.set('kind', period.kind); state.set('year', period.year); state.set('number', period.number);
    replaceQuery('/eval/tasks', state);
  };
  const unitSel = await unitSelect('eval-unit', unit, (v) => { unit = v; save(); render(); }, ctx.signal);
  ctx.main.append(
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Giao nhiệm vụ'),
      h('p', { class: 'subtitle' }, 'Danh mục sản phẩm của đơn vị, giao nhiệm vụ theo tháng hoặc quý.')),
    h('div', { class: 'head-tools' }, h('a', { class: 'btn', href: '#/eval/verify' }, 'Kết quả chờ xác minh'),
      h('a', { class: 'btn', href: '#/eval/reminders' }, 'Nhắc việc'),
      h('a', { class: 'btn', href: '#/eval/deadlines' }, 'Thời hạn'),
      canWrite() ? h('a', { class: 'btn', href: '#/eval/board' }, 'Bảng xếp loại năm') : null,
      canWrite() ? h('a', { class: 'btn', href: '#/eval/import', id: 'eval-import-link' }, 'Nạp từ tệp') : null)),
    h('div', { class: 'toolbar eval-toolbar' },
      h('div', { class: 'field field-compact' }, h('label', { for: 'eval-unit' }, 'Đơn vị'), unitSel),
      periodPicker(period, (p) => { period = p; save(); render(); })),
    body);

  async function render() {
    clear(body);
    if (!unit) { body.appendChild(h('p', { class: 'muted' }, 'Chọn một đơn vị.')); return; }
    const [groups, types, people, tasks] = await Promise.all([
      get(`/eval/task-groups?unit=${unit}`, { signal: ctx.signal }).then((r) => r.items),
      get(`/eval/product-types?unit=${unit}&all=1`, { signal: ctx.signal }).then((r) => r.items),
      unitPeople(unit, ctx.signal),
      get(`/eval/tasks?unit=${unit}&${periodApi(period)}&per_page=500`, { signal: ctx.signal }).then((r) => r.items),
    ]);
    body.append(
      h('div', { class: 'grid-2' }, catalogue(groups, types), assignForm(types.filter((t) => t.active), people)),
      taskList(tasks));
  }

  function catalogue(groups, types) {
    const msg = errorBox('ptype-msg');
    const groupName = (id) => (groups.find((g) => g.id === id) || {}).name || '';
    const rows = sortableTable({
      id: 'ptype-table', caption: 'Danh mục loại sản phẩm',
      columns: [
        { key: 'code', label: 'Mã' },
        { key: 'name', label: 'Tên sản phẩm' },
        { key: 'measure', label: 'Đơn vị tính' },
        { key: 'norm_x100', label: 'Quy đổi', num: true, cell: (t) => fmtScore(t.norm_x100), text: (t) => fmtScore(t.norm_x100) },
        { key: 'task_group_id', label: 'Nhóm nhiệm vụ', cell: (t) => groupName(t.task_group_id), text: (t) => groupName(t.task_group_id), sortValue: (t) => groupName(t.task_group_id) },
        { key: 'active', label: 'Trạng thái', text: (t) => (t.active ? 'Đang áp dụng' : 'Đã ngừng'), cell: (t) => (!t.active ? h('span', { class: 'muted' }, 'Đã ngừng')
          : canWrite() ? h('button', {
            type: 'button', class: 'btn btn-small', 'aria-label': `Ngừng áp dụng ${t.name}`, title: 'Ngừng áp dụng (giữ lại trong danh mục)',
            onclick: async () => {
              try { await api('DELETE', `/eval/product-types/${t.id}`); announce('Đã ngừng áp dụng.'); await render(); } catch (e) { showError(msg, e); }
            },
          }, 'Đang áp dụng · Ngừng') : 'Đang áp dụng') },
      ],
      rows: types,
    });
    const box = h('section', { class: 'panel', 'aria-labelledby': 'cat-h' }, h('h2', { id: 'cat-h' }, 'Danh mục sản phẩm của đơn vị'), msg, rows);
    if (!canWrite()) return box;
    const code = h('input', { id: 'pt-code', required: true, maxlength: 32, autocomplete: 'off' });
    const name = h('input', { id: 'pt-name', required: true, maxlength: 300 });
    const measure = h('input', { id: 'pt-measure', maxlength: 50, placeholder: 'văn bản, hồ sơ…' });
    const norm = h('input', { id: 'pt-norm', value: '1', inputmode: 'decimal' });
    const grp = h('select', { id: 'pt-group' }, h('option', { value: '' }, '— Không —'), groups.map((g) => h('option', { value: g.id }, g.name)));
    const form = h('form', { class: 'add-form', id: 'ptype-form', novalidate: true },
      h('h3', null, 'Thêm loại sản phẩm'),
      h('div', { class: 'form-grid' }, field('pt-code', 'Mã (không dấu)', code), field('pt-name', 'Tên sản phẩm', name),
        field('pt-measure', 'Đơn vị tính', measure), field('pt-norm', 'Hệ số quy đổi', norm, 'Ví dụ 1,5: một sản phẩm tính bằng 1,5 sản phẩm chuẩn.'),
        field('pt-group', 'Nhóm nhiệm vụ tương đồng', grp)),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Thêm loại sản phẩm')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const n = parseX100(norm.value);
      if (n === null || n < 1) { showError(msg, 'Hệ số quy đổi phải là số dương, tối đa hai chữ số thập phân.'); norm.setAttribute('aria-invalid', 'true'); norm.focus(); return; }
      const b = { unit_id: +unit, code: code.value.trim(), name: name.value.trim(), norm_x100: n };
      if (measure.value.trim()) b.measure = measure.value.trim();
      if (grp.value) b.task_group_id = +grp.value;
      try { await post('/eval/product-types', b); announce('Đã thêm loại sản phẩm.'); await render(); } catch (err) { showError(msg, err); }
    });
    const gname = h('input', { id: 'tg-name', maxlength: 200 });
    const gform = h('form', { class: 'add-form inline-form', id: 'group-form' }, field('tg-name', 'Thêm nhóm nhiệm vụ tương đồng', gname),
      h('button', { type: 'submit', class: 'btn' }, 'Thêm nhóm'));
    gform.addEventListener('submit', async (e) => {
      e.preventDefault();
      try { await post('/eval/task-groups', { unit_id: +unit, name: gname.value.trim() }); announce('Đã thêm nhóm.'); await render(); } catch (err) { showError(msg, err); }
    });
    box.append(h('p', { class: 'hint' }, 'Nhóm nhiệm vụ: ', groups.length ? groups.map((g) => g.name).join('; ') : 'chưa có.'), gform, form);
    return box;
  }

  function assignForm(types, people) {
    const msg = errorBox('assign-msg');
    const box = h('section', { class: 'panel', 'aria-labelledby': 'assign-h' }, h('h2', { id: 'assign-h' }, `Giao nhiệm vụ — ${periodName(period.kind, period.number, period.year)}`), msg);
    if (!['admin', 'officer', 'leader'].includes(role())) return box;
    if (!types.length) { box.appendChild(h('p', { class: 'muted' }, 'Đơn vị chưa có loại sản phẩm đang áp dụng.')); return box; }
    const person = h('select', { id: 'as-person', required: true }, h('option', { value: '' }, '— Chọn người —'), people.map((p) => h('option', { value: p.id }, p.full_name + (p.title_name ? ` (${p.title_name})` : '') + (String(p.unit_id) !== String(unit) && p.unit_name ? ` – ${p.unit_name}` : ''))));
    const ptype = h('select', { id: 'as-product', required: true }, types.map((t) => h('option', { value: t.id }, `${t.code} – ${t.name} (quy đổi ${fmtScore(t.norm_x100)})`)));
    const title = h('input', { id: 'as-title', maxlength: 500, placeholder: 'Mặc định: tên sản phẩm' });
    const qty = h('input', { id: 'as-qty', type: 'number', min: 1, max: 1000000, required: true });
    const deadline = h('input', { id: 'as-deadline', placeholder: 'dd/mm/yyyy', required: true, autocomplete: 'off' });
    const quality = h('textarea', { id: 'as-quality', rows: 2, maxlength: 2000 });
    const verifier = h('select', { id: 'as-verifier' }, h('option', { value: '' }, '— Cán bộ tổ chức kiểm chứng —'));
    // Pick list of GET /eval/verifiers for the chosen person's unit (the
    // accounts whose scope covers it, and staff of that unit); the person's
    // own account is left out (nobody verifies their own output).
    const verifierCache = new Map();
    async function fillVerifiers() {
      const p = people.find((x) => String(x.id) === person.value);
      const u = p?.unit_id ?? unit;
      try {
        if (!verifierCache.has(String(u))) verifierCache.set(String(u), (await get(`/eval/verifiers?unit=${u}`, { signal: ctx.signal })).items);
      } catch (e) { if (e.name !== 'AbortError') showError(msg, e); return; }
      if (String(p?.id ?? '') !== person.value) return; // another person was picked meanwhile
      const keep = verifier.value;
      const items = verifierCache.get(String(u)).filter((v) => !p || v.person_id !== p.id);
      clear(verifier).appendChild(h('option', { value: '' }, '— Cán bộ tổ chức kiểm chứng —'));
      for (const v of items) {
        const who = v.person_name || v.display_name || v.username;
        verifier.appendChild(h('option', { value: v.id, selected: String(v.id) === keep },
          `${who}${who !== v.username ? ` (${v.username})` : ''} – ${VERIFIER_ROLES[v.role] || v.role}${v.unit_name ? ' – ' + v.unit_name : ''}`));
      }
    }
    person.addEventListener('change', fillVerifiers);
    fillVerifiers();
    const key = h('input', { id: 'as-key', type: 'checkbox' });
    const form = h('form', { id: 'assign-form', novalidate: true },
      h('div', { class: 'form-grid' }, field('as-person', 'Người được giao', person), field('as-product', 'Sản phẩm', ptype),
        field('as-title', 'Tên nhiệm vụ', title), field('as-qty', 'Số lượng giao', qty),
        field('as-deadline', 'Hạn hoàn thành', deadline, 'Ngày/tháng/năm'),
        field('as-verifier', 'Người kiểm chứng', verifier, 'Tài khoản có thẩm quyền với đơn vị của người được giao; không chọn: cán bộ tổ chức kiểm chứng.')),
      field('as-quality', 'Yêu cầu chất lượng', quality),
      h('label', { class: 'eval-check' }, key, ' Nhiệm vụ trọng tâm của đơn vị (giao người đứng đầu)'),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Giao nhiệm vụ')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      for (const el of [person, qty, deadline]) el.removeAttribute('aria-invalid');
      const d = parseDate(deadline.value);
      const bad = !person.value ? person : !(+qty.value >= 1) ? qty : !d ? deadline : null;
      if (bad) { bad.setAttribute('aria-invalid', 'true'); showError(msg, bad === deadline ? 'Hạn hoàn thành phải là ngày hợp lệ dạng dd/mm/yyyy.' : 'Vui lòng điền đủ các trường bắt buộc.'); bad.focus(); return; }
      const b = { person_id: +person.value, period_kind: period.kind, year: period.year, number: period.number, product_type_id: +ptype.value, target_qty: +qty.value, deadline: d };
      if (title.value.trim()) b.title = title.value.trim();
      if (quality.value.trim()) b.quality_req = quality.value.trim();
      if (verifier.value) b.verifier_user_id = +verifier.value;
      if (key.checked) b.key_task = true;
      try {
        await post('/eval/tasks', b);
        announce('Đã giao nhiệm vụ.');
        await render();
        showOk(document.getElementById('assign-msg'), 'Đã giao nhiệm vụ.');
      } catch (err) {
        showError(msg, err);
        const f = { person_id: person, product_type_id: ptype, target_qty: qty, deadline, verifier_user_id: verifier }[err.field];
        if (f) { f.setAttribute('aria-invalid', 'true'); f.focus(); }
      }
    });
    box.appendChild(form);
    return box;
  }

  function taskList(tasks) {
    const q = periodQuery(period);
    return h('section', { class: 'panel', 'aria-labelledby': 'tasks-h' }, h('h2', { id: 'tasks-h' }, `Nhiệm vụ đã giao trong kỳ (${num(tasks.length)})`),
      sortableTable({
        id: 'task-table', csvName: `nhiem-vu-${period.year}-${period.kind}-${period.number}.csv`,
        columns: [
          { key: 'person_name', label: 'Người được giao', cell: (t) => h('a', { href: `#/eval/people/${t.person_id}/period?${q}` }, t.person_name) },
          { key: 'title', label: 'Nhiệm vụ' },
          { key: 'product_code', label: 'Sản phẩm' },
          { key: 'target_qty', label: 'Giao', num: true },
          { key: 'verified_qty', label: 'Đã xác minh', num: true },
          { key: 'unverified_qty', label: 'Chưa xác minh', num: true, cell: (t) => (t.unverified_qty ? h('span', { class: 'eval-unverified' }, num(t.unverified_qty)) : '0') },
          { key: 'deadline', label: 'Hạn', cell: (t) => fmtDate(t.deadline), text: (t) => fmtDate(t.deadline) },
          { key: 'id', label: 'Mã', num: true, cell: (t) => String(t.id), text: (t) => String(t.id) }, // «Mã nhiệm vụ» of the import layout
        ],
        rows: tasks,
      }));
  }

  save();
  await render();
}
