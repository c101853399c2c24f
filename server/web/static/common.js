// Shared helpers of the motcua web pages: the API wrapper with the CSRF
// token, the language toggle, safe DOM building (textContent only, data is
// never parsed as HTML), and Live: the websocket follower that resumes with
// since= and reloads the state snapshot on resync or reconnect.

const API = '/api/v1';
let csrf = '';

// lang is "vi" or "en"; Vietnamese is the default.
export let lang = localStorage.getItem('motcua.lang') === 'en' ? 'en' : 'vi';
const langListeners = [];

// t picks the text for the current language.
export function t(vi, en) { return lang === 'en' && en ? en : vi; }
// tx picks a contract.Text.
export function tx(text) { return text ? t(text.vi, text.en) : ''; }

export function onLang(f) { langListeners.push(f); }

// applyLang swaps every [data-en] element's text (keeping the Vietnamese in
// data-vi), and the aria-label, title and placeholder attributes marked with
// data-en-label, data-en-title and data-en-placeholder.
export function applyLang() {
  document.documentElement.lang = lang;
  for (const e of document.querySelectorAll('[data-en]')) {
    if (!('vi' in e.dataset)) e.dataset.vi = e.textContent;
    const en = e.dataset.en;
    e.textContent = lang === 'en' && en ? en : e.dataset.vi;
  }
  for (const [attr, key] of [['aria-label', 'Label'], ['title', 'Title'], ['placeholder', 'Placeholder']]) {
    for (const e of document.querySelectorAll(`[data-en-${key.toLowerCase()}]`)) {
      if (!(('vi' + key) in e.dataset)) e.dataset['vi' + key] = e.getAttribute(attr) || '';
      e.setAttribute(attr, lang === 'en' ? e.dataset['en' + key] : e.dataset['vi' + key]);
    }
  }
  const b = document.getElementById('lang');
  if (b) { b.textContent = lang === 'en' ? 'Tiếng Việt' : 'English'; b.lang = lang === 'en' ? 'vi' : 'en'; }
  langListeners.forEach(f => f());
}

// el builds an element; strings become text nodes, so data is never parsed
// as HTML.
export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

export function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); return e; }

// APIError carries the server's error code and message.
export class APIError extends Error {
  constructor(status, body) {
    const err = (body && body.error) || {};
    super(err.message || ('HTTP ' + status));
    this.status = status; this.code = err.code || ''; this.details = err.details || [];
  }
}

// api calls the JSON API with the session cookie and, for changes, the
// CSRF token. opts.token uses a device token instead (the board on a TV).
export async function api(method, path, body, opts = {}) {
  const headers = {};
  if (opts.token) headers['Authorization'] = 'Bearer ' + opts.token;
  if (method !== 'GET' && !opts.token) {
    if (!csrf && path !== '/login') await loadMe();
    headers['X-CSRF-Token'] = csrf;
  }
  let payload;
  if (body instanceof Blob || typeof body === 'string') {
    payload = body; headers['Content-Type'] = opts.type || 'application/octet-stream';
  } else if (body !== undefined) {
    payload = JSON.stringify(body); headers['Content-Type'] = 'application/json';
  }
  const resp = await fetch(API + path, { method, headers, body: payload, credentials: 'same-origin', cache: 'no-store' });
  if (resp.status === 204) return null;
  const ctype = resp.headers.get('Content-Type') || '';
  const data = ctype.includes('json') ? await resp.json().catch(() => null) : await resp.text();
  if (!resp.ok) {
    if (resp.status === 401 && !opts.token && !opts.noRedirect && path !== '/login' && path !== '/password') {
      location.href = '/login?next=' + encodeURIComponent(location.pathname + location.search);
    }
    throw new APIError(resp.status, data);
  }
  return data;
}

// me is the signed-in user: {username, role, csrf_token}.
export let me = null;
export async function loadMe() {
  me = await api('GET', '/me');
  csrf = me.csrf_token;
  return me;
}

// msg shows a message in a live region (role=alert/status), in the current
// language when given a pair.
export function msg(id, text, kind) {
  const e = document.getElementById(id);
  if (!e) return;
  e.textContent = text || '';
  e.className = 'msg' + (kind ? ' ' + kind : '');
}

export function errText(err) {
  if (err instanceof APIError) return err.message;
  return t('Không kết nối được máy chủ', 'Cannot reach the server');
}

// dur formats seconds as m:ss or h:mm:ss.
export function dur(s) {
  s = Math.max(0, Math.floor(s));
  const h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
export function mins(s) { return s > 0 ? Math.round(s / 60) + ' ' + t('phút', 'min') : '—'; }

// Live follows the event stream. It loads /state, then opens the websocket
// with since=<seq>; every event is handed to onEvent once, in order. On a
// resync message or after any reconnect it reloads /state first, so the
// page is never stale. Reconnects back off up to 10 s.
export class Live {
  constructor({ token, onState, onEvent, onStatus, noRedirect }) {
    Object.assign(this, { token, noRedirect, onState, onEvent, onStatus: onStatus || (() => {}) });
    this.seq = 0; this.quietUpTo = 0; this.backoff = 500; this.ws = null; this.closed = false;
    this.skew = 0; // server clock minus browser clock, in ms
  }
  async start() { await this.reload(); this.connect(); }
  serverNow() { return Date.now() + this.skew; }
  async reload() {
    const st = await api('GET', '/state', undefined, { token: this.token, noRedirect: this.noRedirect });
    this.skew = new Date(st.now).getTime() - Date.now();
    if (st.seq > this.seq || this.seq === 0) this.seq = st.seq;
    // Events up to the snapshot are already in it: a replay of them must
    // not ring again (the board announces only newer calls).
    this.quietUpTo = st.seq;
    this.onState(st);
    return st;
  }
  connect() {
    if (this.closed) return;
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    let url = `${proto}//${location.host}${API}/ws?since=${this.seq}`;
    if (this.token) url += '&token=' + encodeURIComponent(this.token);
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.onopen = () => { this.backoff = 500; this.onStatus(true); };
    ws.onmessage = m => this.message(m.data);
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.onStatus(false);
      if (this.closed) return;
      setTimeout(() => this.reconnect(), this.backoff);
      this.backoff = Math.min(this.backoff * 2, 10000);
    };
  }
  async reconnect() {
    try { await this.reload(); } catch (e) { this.onStatus(false); setTimeout(() => this.reconnect(), this.backoff); this.backoff = Math.min(this.backoff * 2, 10000); return; }
    this.connect();
  }
  message(data) {
    let ev;
    try { ev = JSON.parse(data); } catch { return; }
    if (ev.type === 'resync') {
      this.seq = 0;
      this.reload().catch(() => {});
      return;
    }
    if (ev.seq <= this.seq && this.seq !== 0) return;
    this.seq = ev.seq;
    this.onEvent(ev, ev.seq <= this.quietUpTo);
  }
  stop() { this.closed = true; if (this.ws) this.ws.close(); }
}

// debounce runs f once after a burst of calls.
export function debounce(f, ms) {
  let timer = 0;
  return () => { clearTimeout(timer); timer = setTimeout(f, ms); };
}

function setupHeader() {
  const langBtn = document.getElementById('lang');
  if (langBtn) langBtn.addEventListener('click', () => {
    lang = lang === 'en' ? 'vi' : 'en';
    localStorage.setItem('motcua.lang', lang);
    applyLang();
  });
  const out = document.getElementById('logout');
  if (out) out.addEventListener('click', async () => {
    try { await api('POST', '/logout'); } catch (e) { /* signed out anyway */ }
    location.href = '/login';
  });
  const dlg = document.getElementById('pw-dialog');
  if (!dlg) return;
  document.getElementById('pw-open').addEventListener('click', () => { msg('pw-msg', ''); dlg.showModal(); });
  document.getElementById('pw-cancel').addEventListener('click', () => dlg.close());
  document.getElementById('pw-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    try {
      await api('POST', '/password', { old: document.getElementById('pw-old').value, new: document.getElementById('pw-new').value });
      msg('pw-msg', t('Đã đổi mật khẩu. Xin đăng nhập lại.', 'Password changed. Please sign in again.'), 'ok');
      setTimeout(() => { location.href = '/login'; }, 1500);
    } catch (e) { msg('pw-msg', errText(e), 'bad'); }
  });
}

// healthEvery is how often the staff and admin pages ask /health.
const healthEvery = 15000;

// checkHealth shows the red banner (#health-alert, on every signed-in page)
// while the server answers 503 "degraded": its database file is gone,
// writes fail (disk full) or the daily backup fails. The server keeps
// answering in those cases, so without the banner nobody would know that
// tickets are being lost. An unreachable server changes nothing here: the
// connection indicator says that.
export async function checkHealth() {
  const box = document.getElementById('health-alert');
  if (!box) return;
  let h;
  try {
    const resp = await fetch(API + '/health', { cache: 'no-store' });
    h = await resp.json().catch(() => null);
  } catch (e) { return; }
  clear(box);
  const degraded = !!h && h.status === 'degraded';
  const warnings = (h && h.warnings) || [];
  box.dataset.status = degraded ? 'degraded' : (warnings.length ? 'warning' : 'ok');
  box.hidden = box.dataset.status === 'ok';
  if (box.hidden) return;
  // A warning (the clock was stepped) loses nothing: an amber note, not the red alarm.
  box.classList.toggle('warning', !degraded);
  const head = degraded
    ? t('Máy chủ đang gặp sự cố dữ liệu — báo ngay cho quản trị viên.', 'The server has a data problem — tell the administrator now.')
    : t('Lưu ý cho quản trị viên', 'Note for the administrator');
  box.append(el('strong', { text: head }),
    el('ul', {}, [...(h.problems || []), ...warnings].map(p => el('li', { dataset: { code: p.code }, text: p.message }))));
}

function setupHealth() {
  if (!document.getElementById('health-alert')) return;
  checkHealth();
  setInterval(checkHealth, healthEvery);
  onLang(checkHealth);
}

setupHeader();
applyLang();
setupHealth();
