// Đăng nhập: the API's Vietnamese messages (wrong password, throttling).
import { login, session } from '../api.js';
import { h } from '../util.js';

export async function loginPage(ctx) {
  ctx.setTitle('Đăng nhập');
  const err = h('div', { class: 'alert alert-error', role: 'alert', id: 'login-error', hidden: true });
  const user = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true, 'aria-describedby': 'login-error' });
  const pass = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const btn = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Đăng nhập');
  const form = h('form', { class: 'login-form', novalidate: true },
    h('h1', null, 'Đăng nhập'),
    h('p', { class: 'muted' }, 'Hệ thống quản lý hồ sơ cán bộ, công chức, viên chức.'),
    ctx.query.get('expired') ? h('div', { class: 'alert alert-info' }, 'Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.') : null,
    err,
    h('div', { class: 'field' }, h('label', { for: 'username' }, 'Tên đăng nhập'), user),
    h('div', { class: 'field' }, h('label', { for: 'password' }, 'Mật khẩu'), pass),
    h('div', { class: 'actions' }, btn));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    err.hidden = true;
    if (!user.value.trim() || !pass.value) {
      err.textContent = 'Vui lòng nhập tên đăng nhập và mật khẩu.';
      err.hidden = false;
      (user.value.trim() ? pass : user).focus();
      return;
    }
    btn.disabled = true;
    btn.textContent = 'Đang đăng nhập…';
    try {
      await login(user.value.trim(), pass.value);
      const next = ctx.query.get('next');
      location.hash = next && next.startsWith('#/') && !next.startsWith('#/login') ? next
        : session.user.role === 'staff' ? '#/me' : '#/';
    } catch (ex) {
      let msg = ex.message;
      if (ex.code === 'too_many_attempts') {
        const s = parseInt(ex.retryAfter || '0', 10);
        if (s > 0) msg += ` (Thử lại sau khoảng ${Math.max(1, Math.ceil(s / 60))} phút.)`;
      }
      err.textContent = msg;
      err.hidden = false;
      pass.value = '';
      pass.focus();
    } finally {
      btn.disabled = false;
      btn.textContent = 'Đăng nhập';
    }
  });
  ctx.main.appendChild(h('section', { class: 'login-wrap' }, form));
  user.focus();
  ctx.keepFocus = true;
}
