// Sign-in: POST /api/v1/login sets the HttpOnly session cookie; the page
// then goes where the user was headed, or to their role's home page.
import { api, errText, msg, t } from './common.js';

const form = document.getElementById('login-form');
form.addEventListener('submit', async ev => {
  ev.preventDefault();
  const btn = document.getElementById('login-btn');
  btn.disabled = true;
  msg('login-msg', '');
  try {
    const s = await api('POST', '/login', {
      username: document.getElementById('username').value,
      password: document.getElementById('password').value,
    });
    const next = form.dataset.next;
    location.href = next || (s.role === 'admin' ? '/admin/today' : '/staff');
  } catch (e) {
    msg('login-msg', errText(e), 'bad');
    document.getElementById('password').select();
  } finally {
    btn.disabled = false;
  }
});
document.title = t('Đăng nhập', 'Sign in') + ' – motcua';
