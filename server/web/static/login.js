// Sign-in: POST /api/v1/login sets the HttpOnly session cookie; the page
// then goes where the user was headed, or to their role's home page.
import { api, errText, msg, t } from './common.js';

// localPath keeps next only if it is a path of this site (the server
// already checked it; this is the second lock on the same door): one
// leading slash, no backslash, no control character, and the URL it makes
// stays on this origin.
function localPath(next) {
  if (!next || !/^\/(?![\/\\])/.test(next) || /[\\\u0000-\u001f\u007f-\u009f]/.test(next)) return '';
  const u = new URL(next, location.origin);
  return u.origin === location.origin ? u.pathname + u.search + u.hash : '';
}

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
    location.href = localPath(form.dataset.next) || (s.role === 'admin' ? '/admin/today' : '/staff');
  } catch (e) {
    msg('login-msg', errText(e), 'bad');
    document.getElementById('password').select();
  } finally {
    btn.disabled = false;
  }
});
document.title = t('Đăng nhập', 'Sign in') + ' – motcua';
