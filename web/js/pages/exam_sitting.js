// The candidate's page of an online sitting (#/thi; public, bare): the
// one-time code, the start, the form with the server-clock countdown,
// autosave on every change, an offline queue kept in localStorage and
// replayed on reconnect, focus-loss reports, submission with confirmation,
// and the closed view at the deadline. docs/exam-sitting.md.
//
// It talks to /api/v1/sitting/* with its own candidate session (cookie
// canbo_exam + X-Exam-CSRF header), not through api.js (no staff session).
import { h, clear } from '../util.js';

const QKEY = 'canbo.sitting.queue';   // {candidate_id, items: {pos: {response, seq}}, seq}
const fmtClock = (ms) => {
  const s = Math.max(0, Math.floor(ms / 1000));
  const hh = Math.floor(s / 3600), mm = Math.floor((s % 3600) / 60), ss = s % 60;
  return (hh ? String(hh).padStart(2, '0') + ':' : '') + String(mm).padStart(2, '0') + ':' + String(ss).padStart(2, '0');
};
const clockVn = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const fmtTime = (iso) => {
  if (!iso) return '';
  const d = new Date(iso);
  const f = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  const p = Object.fromEntries(f.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.hour}:${p.minute}:${p.second} ngày ${p.day}/${p.month}/${p.year}`;
};

class SitError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || (status === 0 ? 'Không kết nối được máy chủ.' : `Lỗi máy chủ (${status}).`));
    this.status = status;
    this.code = e.code || (status === 0 ? 'network' : 'http_' + status);
  }
}

function loadQueue() {
  try { return JSON.parse(localStorage.getItem(QKEY)) || null; } catch { return null; }
}
function storeQueue(q) {
  try { localStorage.setItem(QKEY, JSON.stringify(q)); } catch { /* storage full or private mode: memory only */ }
}

export async function sittingPage(ctx) {
  ctx.setTitle('Thi trực tuyến');
  const main = ctx.main;
  main.classList.add('sit-main');
  let csrf = null;
  let offset = 0;            // server clock - local clock (ms)
  let timers = [];
  let listeners = [];
  let closed = false;

  async function call(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && csrf) headers['X-Exam-CSRF'] = csrf;
    const t0 = Date.now();
    let res;
    try {
      res = await fetch('/api/v1/sitting' + path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new SitError(0, null);
    }
    let json = null;
    try { json = await res.json(); } catch { json = null; }
    if (!res.ok) throw new SitError(res.status, json);
    if (json && json.now) offset = new Date(json.now).getTime() - (t0 + Date.now()) / 2;
    return json;
  }
  const serverNow = () => Date.now() + offset;

  function cleanup() {
    closed = true;
    timers.forEach((t) => clearInterval(t));
    timers = [];
    listeners.forEach(([el, ev, fn]) => el.removeEventListener(ev, fn));
    listeners = [];
    main.classList.remove('sit-main');
  }
  function listen(el, ev, fn) { el.addEventListener(ev, fn); listeners.push([el, ev, fn]); }

  function frame(...children) {
    clear(main);
    main.append(h('div', { class: 'sit-wrap' }, ...children));
  }

  // ---- code entry ----
  function codeView(message) {
    const input = h('input', { id: 'sit-code', name: 'code', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', required: true, maxlength: 16, placeholder: 'XXXXX-XXXXX', autofocus: true, 'aria-describedby': 'sit-code-help' });
    const err = h('p', { class: 'field-error', role: 'alert', id: 'sit-code-error' }, message || '');
    const btn = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Vào phòng thi');
    const form = h('form', {
      class: 'sit-card', id: 'sit-code-form',
      onsubmit: async (e) => {
        e.preventDefault();
        btn.disabled = true;
        err.textContent = '';
        try {
          const r = await call('POST', '/signin', { code: input.value.trim() });
          csrf = r.csrf_token;
          await enter();
        } catch (x) {
          err.textContent = x.message;
          btn.disabled = false;
          input.focus();
        }
      },
    },
    h('h1', null, 'Thi trực tuyến'),
    h('p', null, 'Nhập mã dự thi do hội đồng thi cấp cho bạn. Mỗi mã chỉ dùng để vào phòng thi một lần.'),
    h('div', { class: 'field' }, h('label', { for: 'sit-code' }, 'Mã dự thi'), input,
      h('small', { id: 'sit-code-help', class: 'muted' }, 'Không phân biệt chữ hoa, chữ thường; có thể bỏ dấu gạch ngang.')),
    err, btn);
    frame(form);
    input.focus();
  }

  // ---- before the start ----
  function startView(state) {
    const c = state.candidate;
    const btn = h('button', { type: 'button', class: 'btn btn-primary', id: 'sit-start' }, 'Bắt đầu làm bài');
    const err = h('p', { class: 'field-error', role: 'alert' });
    btn.addEventListener('click', async () => {
      btn.disabled = true;
      try {
        await call('POST', '/start', {});
        await enter();
      } catch (x) {
        err.textContent = x.message;
        btn.disabled = false;
      }
    });
    frame(h('div', { class: 'sit-card' },
      h('h1', null, c.exam_title),
      h('dl', { class: 'sit-facts' },
        h('dt', null, 'Thí sinh'), h('dd', { id: 'sit-name' }, c.full_name),
        c.reg_no ? [h('dt', null, 'Số báo danh'), h('dd', { id: 'sit-regno' }, c.reg_no)] : null,
        h('dt', null, 'Thời gian làm bài'), h('dd', null, `${c.duration_min} phút`),
        c.room ? [h('dt', null, 'Phòng thi'), h('dd', null, c.room)] : null,
        h('dt', null, 'Số câu hỏi'), h('dd', null, String(c.items))),
      h('p', null, 'Thời gian được tính theo đồng hồ của máy chủ từ khi bạn bấm "Bắt đầu làm bài". ',
        'Câu trả lời được lưu ngay khi bạn chọn hoặc gõ; nếu mất mạng, câu trả lời được giữ trên máy này và tự gửi lại khi có mạng.'),
      err, btn));
    btn.focus();
  }

  // ---- finished ----
  function doneView(attempt, note) {
    cleanup();
    closed = true;
    const kind = attempt && attempt.submit_kind;
    frame(h('div', { class: 'sit-card', id: 'sit-done' },
      h('h1', null, kind === 'deadline' ? 'Đã hết giờ làm bài' : 'Đã nộp bài'),
      note ? h('div', { class: 'alert alert-info', role: 'status' }, note) : null,
      h('p', null, kind === 'deadline'
        ? 'Bài thi đã tự động nộp khi hết giờ. Các câu trả lời đã lưu trước thời điểm hết giờ được giữ nguyên.'
        : 'Bài thi của bạn đã được nộp. Bạn không thể thay đổi câu trả lời nữa.'),
      attempt && attempt.submitted_at ? h('p', { class: 'muted' }, `Thời điểm kết thúc: ${fmtTime(attempt.submitted_at)}.`) : null));
    try { localStorage.removeItem(QKEY); } catch { /* ignore */ }
  }

  // ---- the form ----
  async function examView(state) {
    const [form, saved] = await Promise.all([call('GET', '/form'), call('GET', '/answers')]);
    const deadline = new Date(form.deadline_at).getTime();
    const cid = state.candidate.candidate_id;
    // The offline queue of this candidate (another candidate's queue on a shared machine is dropped).
    let q = loadQueue();
    if (!q || q.candidate_id !== cid) q = { candidate_id: cid, items: {}, seq: 0 };
    const answers = {};
    for (const a of saved.items) {
      answers[a.pos] = a.response;
      q.seq = Math.max(q.seq, a.seq);
    }
    // Queued answers newer than the server's win (they were given after the last acknowledged save).
    for (const [pos, it] of Object.entries(q.items)) {
      const s = saved.items.find((a) => a.pos === Number(pos));
      if (s && s.seq >= it.seq) delete q.items[pos];
      else answers[pos] = it.response;
    }
    storeQueue(q);

    const status = h('span', { id: 'sit-status', class: 'sit-status', role: 'status', 'aria-live': 'polite' }, 'Đã lưu');
    const clock = h('span', { id: 'sit-clock', class: 'sit-clock', 'aria-label': 'Thời gian còn lại' }, '');
    const count = h('span', { id: 'sit-count', class: 'muted' });
    const items = form.items;
    const answeredCount = () => items.filter((it) => {
      const v = answers[it.pos];
      return Array.isArray(v) ? v.length > 0 : typeof v === 'string' && v.trim() !== '';
    }).length;
    const updateCount = () => { count.textContent = `Đã trả lời ${answeredCount()}/${items.length} câu`; };

    let online = true, flushing = false, offlineSince = null;
    function setStatus(kind, text) {
      status.className = 'sit-status sit-status-' + kind;
      status.textContent = text;
    }
    function pending() { return Object.keys(q.items).length; }

    async function flush() {
      if (flushing || closed) return;
      flushing = true;
      try {
        while (!closed && pending()) {
          const pos = Object.keys(q.items)[0];
          const it = q.items[pos];
          setStatus('saving', 'Đang lưu…');
          try {
            await call('PUT', `/answers/${pos}`, { response: it.response, seq: it.seq });
          } catch (x) {
            if (x.status === 0 || x.status >= 500) {
              if (online) {
                online = false;
                offlineSince = Date.now();
              }
              setStatus('offline', `Mất kết nối — ${pending()} câu trả lời đang được giữ trên máy này và sẽ tự gửi lại.`);
              return;
            }
            if (x.status === 409) {
              const st = await call('GET', '/state').catch(() => null);
              doneView(st && st.attempt, x.code === 'deadline_passed' ? 'Câu trả lời cuối cùng đến sau giờ kết thúc nên không được lưu.' : null);
              return;
            }
            if (x.status === 401) {
              cleanup();
              codeView('Phiên làm bài đã kết thúc (có thể mã dự thi đã được cấp lại). Các câu trả lời đã lưu vẫn được giữ.');
              return;
            }
            // A refused answer (400): drop it, keep the others.
            if (q.items[pos] === it) delete q.items[pos];
            storeQueue(q);
            setStatus('error', x.message);
            continue;
          }
          if (q.items[pos] === it) delete q.items[pos];
          storeQueue(q);
          if (!online) {
            online = true;
            const secs = offlineSince ? Math.round((Date.now() - offlineSince) / 1000) : 0;
            offlineSince = null;
            call('POST', '/incidents', { kind: 'reconnect', detail: `mất kết nối khoảng ${secs} giây`, client_at: new Date().toISOString() }).catch(() => {});
          }
        }
        if (!closed) {
          setStatus('saved', `Đã lưu lúc ${clockVn.format(new Date(serverNow()))}`);
        }
      } finally {
        flushing = false;
      }
    }

    function answer(pos, response) {
      answers[pos] = response;
      q.seq += 1;
      q.items[pos] = { response, seq: q.seq };
      storeQueue(q);
      updateCount();
      setStatus('saving', 'Đang lưu…');
      flush();
    }

    const list = h('ol', { class: 'sit-items' });
    for (const it of items) {
      const name = `q${it.pos}`;
      const body = [];
      body.push(h('div', { class: 'sit-stem', id: `${name}-stem` }, it.stem));
      for (const img of it.images || [])
        body.push(h('img', { class: 'sit-img', src: `data:${img.mime};base64,${img.data_base64}`, alt: `Hình minh họa câu ${it.pos}` }));
      if (it.type === 'essay' || it.type === 'short_answer') {
        const ta = h(it.type === 'essay' ? 'textarea' : 'input', {
          id: `${name}-text`, name, class: 'sit-text', rows: it.type === 'essay' ? 8 : null, 'aria-labelledby': `${name}-stem`,
          value: typeof answers[it.pos] === 'string' ? answers[it.pos] : '',
        });
        let t = null;
        ta.addEventListener('input', () => {
          clearTimeout(t);
          setStatus('saving', 'Chưa lưu…');
          t = setTimeout(() => answer(it.pos, ta.value), 700);
        });
        ta.addEventListener('blur', () => {
          if (t) { clearTimeout(t); t = null; if (ta.value !== (answers[it.pos] ?? '')) answer(it.pos, ta.value); }
        });
        body.push(ta);
      } else {
        const multi = it.type === 'multiple';
        const chosen = new Set(Array.isArray(answers[it.pos]) ? answers[it.pos] : []);
        const opts = h('div', { class: 'sit-options', role: multi ? 'group' : 'radiogroup', 'aria-labelledby': `${name}-stem` });
        for (const o of it.options) {
          const inp = h('input', { type: multi ? 'checkbox' : 'radio', name, value: String(o.pos), id: `${name}-o${o.pos}`, checked: chosen.has(o.pos) });
          inp.addEventListener('change', () => {
            const picked = [...opts.querySelectorAll('input')].filter((x) => x.checked).map((x) => Number(x.value));
            answer(it.pos, picked);
          });
          opts.append(h('label', { class: 'sit-option', for: `${name}-o${o.pos}` }, inp, h('span', { class: 'sit-letter' }, String.fromCharCode(65 + o.pos) + '.'), ' ', o.text));
        }
        body.push(opts);
        if (!multi) {
          body.push(h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => {
            opts.querySelectorAll('input').forEach((x) => { x.checked = false; });
            answer(it.pos, []);
          } }, 'Bỏ chọn'));
        } else body.push(h('p', { class: 'muted sit-hint' }, 'Có thể chọn nhiều phương án.'));
      }
      list.append(h('li', { class: 'sit-item', id: `sit-item-${it.pos}` },
        h('h2', { class: 'sit-qno' }, `Câu ${it.pos}`), ...body));
    }

    // Submission with confirmation.
    const confirmBox = h('div', { class: 'sit-confirm', hidden: true, role: 'alertdialog', 'aria-labelledby': 'sit-confirm-title' });
    const submitBtn = h('button', { type: 'button', class: 'btn btn-primary', id: 'sit-submit' }, 'Nộp bài');
    submitBtn.addEventListener('click', () => {
      const left = items.length - answeredCount();
      clear(confirmBox);
      const yes = h('button', { type: 'button', class: 'btn btn-primary', id: 'sit-submit-yes' }, 'Xác nhận nộp bài');
      const no = h('button', { type: 'button', class: 'btn', id: 'sit-submit-no' }, 'Quay lại làm bài');
      const err = h('p', { class: 'field-error', role: 'alert' });
      confirmBox.append(h('p', { id: 'sit-confirm-title' }, h('strong', null, 'Bạn chắc chắn muốn nộp bài?'), ' Sau khi nộp, bạn không thể sửa câu trả lời.',
        left ? ` Còn ${left} câu chưa trả lời.` : ''), err, yes, ' ', no);
      confirmBox.hidden = false;
      no.addEventListener('click', () => { confirmBox.hidden = true; submitBtn.focus(); });
      yes.addEventListener('click', async () => {
        yes.disabled = true;
        await flush();
        if (closed) return;
        if (pending()) {
          err.textContent = 'Còn câu trả lời chưa gửi được lên máy chủ. Vui lòng kiểm tra kết nối rồi nộp lại.';
          yes.disabled = false;
          return;
        }
        try {
          const r = await call('POST', '/submit', {});
          doneView(r.attempt);
        } catch (x) {
          err.textContent = x.message;
          yes.disabled = false;
        }
      });
      yes.focus();
    });

    frame(
      h('header', { class: 'sit-bar' },
        h('div', null, h('strong', null, state.candidate.exam_title), h('br'), h('span', { class: 'muted' }, state.candidate.full_name)),
        h('div', { class: 'sit-bar-right' }, clock, status, count)),
      list,
      h('div', { class: 'sit-actions' }, submitBtn, confirmBox));
    updateCount();
    if (pending()) flush();

    // The countdown by the server clock; at the deadline the page closes.
    const tick = async () => {
      const left = deadline - serverNow();
      clock.textContent = `Còn lại ${fmtClock(left)}`;
      clock.classList.toggle('sit-clock-low', left < 5 * 60 * 1000);
      if (left <= 0 && !closed) {
        closed = true;
        timers.forEach((t) => clearInterval(t));
        const st = await call('GET', '/state').catch(() => null);
        doneView(st && st.attempt ? st.attempt : { submit_kind: 'deadline' });
      }
    };
    tick();
    timers.push(setInterval(tick, 1000));
    // Retry queued answers regularly while offline.
    timers.push(setInterval(() => { if (pending()) flush(); }, 3000));

    // Incidents reported by the browser (throttled per kind).
    const last = {};
    const report = (kind, detail) => {
      if (closed) return;
      const t = Date.now();
      if (last[kind] && t - last[kind] < 2000) return;
      last[kind] = t;
      call('POST', '/incidents', { kind, detail, client_at: new Date().toISOString() }).catch(() => {});
    };
    listen(window, 'blur', () => report('focus_loss', 'cửa sổ bài thi mất tiêu điểm'));
    listen(document, 'visibilitychange', () => { if (document.hidden) report('visibility', 'trang bài thi bị ẩn'); });
    listen(window, 'offline', () => {
      online = false;
      offlineSince = Date.now();
      setStatus('offline', 'Mất kết nối — câu trả lời được giữ trên máy này và sẽ tự gửi lại.');
    });
    listen(window, 'online', () => flush());
  }

  async function enter() {
    let state;
    try {
      state = await call('GET', '/state');
    } catch (x) {
      if (x.status === 401) { codeView(); return; }
      frame(h('div', { class: 'alert alert-error', role: 'alert' }, x.message,
        h('button', { type: 'button', class: 'btn', onclick: () => enter() }, 'Thử lại')));
      return;
    }
    csrf = state.csrf_token;
    const a = state.attempt;
    if (!a) startView(state);
    else if (a.state !== 'in_progress') doneView(a);
    else await examView(state);
  }

  await enter();
  return cleanup;
}
