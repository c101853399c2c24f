// The counter console: one official, one counter. Every button is an API
// call; what the screen shows comes from /state, the counter's waiting list
// and today's figures, refreshed on every event of the websocket, so two
// officials sharing a queue always see the same line.
import { api, Live, el, clear, t, tx, msg, errText, dur, mins, debounce, onLang, loadMe } from './common.js';
import { renderFigures, prioLabel } from './figures.js';

const $ = id => document.getElementById(id);
const sel = $('counter');
let counter = 0;
let state = null;
let current = null;
let procs = {};
let alerts = []; // {key, kind, id, title, detail (text or function), at}
let lastRating = null;
let today = null;
let waiting = [];
// held is the counter this console holds for its official (0: none);
// notMine is the server's message when another official holds the chosen
// counter: its buttons stay off until an admin releases it.
let held = 0;
let notMine = '';
let isAdmin = false;

const params = new URLSearchParams(location.search);
const saved = params.get('counter') || localStorage.getItem('motcua.counter') || '';
if ([...sel.options].some(o => o.value === saved)) sel.value = saved;
counter = Number(sel.value) || 0;
sel.addEventListener('change', async () => {
  const before = held;
  counter = Number(sel.value) || 0;
  localStorage.setItem('motcua.counter', sel.value);
  current = null; lastRating = null;
  if (before && before !== counter) {
    held = 0;
    // Leaving a counter frees it for a colleague; failing that, an admin can.
    try { await api('POST', `/counters/${before}/release`); } catch (e) { /* not ours any more */ }
  }
  await claim();
  refresh();
});

// claim asks the server for the chosen counter: the console's official
// holds it for the day, and another official's console is refused.
async function claim() {
  notMine = '';
  if (!counter) { renderAll(); return; }
  try {
    await api('POST', `/counters/${counter}/claim`);
    held = counter;
    msg('act-msg', '');
  } catch (e) {
    held = 0;
    if (e.code === 'counter_not_yours') notMine = e.message;
    msg('act-msg', errText(e), 'bad');
  }
  renderAll();
}

async function loadCatalogue() {
  const cat = await api('GET', '/catalogue');
  procs = {};
  for (const p of cat.procedures) procs[p.code] = p;
}

const refresh = debounce(async () => {
  try {
    const [st, td, wl] = await Promise.all([
      api('GET', '/state'),
      api('GET', '/stats/today'),
      counter ? api('GET', `/counters/${counter}/waiting`) : Promise.resolve([]),
    ]);
    applyState(st); today = td; waiting = wl;
    renderAll();
  } catch (e) { msg('act-msg', errText(e), 'bad'); }
}, 120);

function applyState(st) {
  state = st;
  const mine = st.counters.find(c => c.number === counter);
  current = mine && mine.current ? mine.current : null;
  // Help requests and device faults still open are alerts; taken ones
  // disappear, whoever took them and whenever.
  const faults = st.open_faults || [];
  const open = new Set([...st.open_help.map(h => 'help' + h.id), ...faults.map(f => 'fault' + f.id)]);
  alerts = alerts.filter(a => open.has(a.key));
  for (const h of st.open_help) addHelp(h, false);
  for (const f of faults) addFault(f, false);
}

function addHelp(h, render = true) {
  const key = 'help' + h.id;
  if (alerts.some(a => a.key === key)) return;
  alerts.push({ key, kind: 'help', id: h.id, title: ['Kiosk cần hỗ trợ', 'Kiosk needs help'], detail: h.device, at: h.at });
  if (render) renderAlerts();
}

// Fault kinds the kiosks report, as staff read them.
const faultKinds = {
  paper_out: ['Hết giấy', 'Out of paper'],
  paper_low: ['Sắp hết giấy', 'Paper low'],
  cover_open: ['Nắp máy in đang mở', 'Printer cover open'],
  printer_fault: ['Máy in báo lỗi', 'Printer error'],
  printer_timeout: ['Máy in không phản hồi', 'Printer not responding'],
  printer_offline: ['Mất kết nối máy in', 'Printer offline'],
};

function faultText(f) {
  const k = faultKinds[f.kind];
  let s = `${f.device}: ${k ? t(k[0], k[1]) : f.kind}`;
  if (f.ticket) s += ` (${t('phiếu', 'ticket')} ${f.ticket})`;
  if (f.message) s += ` – ${f.message}`;
  return s;
}

function addFault(f, render = true) {
  const key = 'fault' + f.id;
  if (alerts.some(a => a.key === key)) return;
  alerts.push({ key, kind: 'fault', id: f.id, title: ['Thiết bị báo lỗi', 'Device fault'], detail: () => faultText(f), at: f.at });
  if (render) renderAlerts();
}

function onEvent(ev) {
  const d = ev.data || {};
  switch (ev.type) {
    case 'rating.created':
      if (d.counter === counter) lastRating = d;
      break;
    case 'help.requested':
      addHelp(d);
      break;
    case 'help.taken':
      alerts = alerts.filter(a => a.key !== 'help' + d.id);
      break;
    case 'device.fault':
      addFault(d);
      break;
    case 'device.fault_taken':
      alerts = alerts.filter(a => a.key !== 'fault' + d.id);
      break;
    case 'catalogue.changed':
      loadCatalogue().then(renderAll).catch(() => {});
      break;
    case 'settings.changed':
      if (d.name) $('centre-name').textContent = tx(d.name);
      break;
  }
  renderAlerts();
  refresh();
}

function renderAll() {
  renderCurrent(); renderWaiting(); renderAlerts(); renderRating(); renderToday(); enableButtons();
}

function statusText(s) {
  return {
    called: t('Đã gọi – chờ công dân đến quầy', 'Called – waiting for the citizen'),
    serving: t('Đang phục vụ', 'Serving'),
  }[s] || '';
}

function renderCurrent() {
  const num = $('cur-number');
  if (!counter) {
    num.textContent = '—';
    $('cur-status').textContent = t('Hãy chọn quầy của bạn', 'Choose your counter');
    $('cur-proc').textContent = ''; $('cur-prio').hidden = true;
    return;
  }
  // An admin may free a counter another official left held (gone home with
  // the console open); the release is audited.
  $('release-btn').hidden = !(notMine && isAdmin);
  if (notMine) {
    num.textContent = '—';
    num.className = 'cur-number';
    $('cur-status').textContent = t('Quầy này đang do cán bộ khác phụ trách. Hãy chọn quầy của bạn, hoặc nhờ quản trị viên giải phóng quầy.',
      'Another official holds this counter. Choose your own, or ask an admin to release it.');
    $('cur-proc').textContent = ''; $('cur-prio').hidden = true;
    return;
  }
  if (!current) {
    num.textContent = '—';
    $('cur-status').textContent = t('Quầy đang trống – bấm Gọi tiếp', 'Counter free – press Call next');
    $('cur-proc').textContent = ''; $('cur-prio').hidden = true;
    tick();
    return;
  }
  num.textContent = current.number;
  num.className = 'cur-number ' + current.status;
  $('cur-status').textContent = statusText(current.status) + (current.recall_count ? ` (${t('gọi lại', 'recalled')} ${current.recall_count})` : '');
  const p = procs[current.procedure];
  $('cur-proc').textContent = p ? `${tx(p.name)} (${p.code})` : current.procedure;
  const prio = $('cur-prio');
  prio.hidden = !current.priority;
  prio.textContent = current.priority ? '★ ' + t('Ưu tiên', 'Priority') + ': ' + prioLabel(current.priority) : '';
  tick();
}

function tick() {
  const timer = $('cur-timer');
  if (!current || !live) { timer.textContent = '0:00'; return; }
  const since = current.started_at || current.called_at;
  timer.textContent = since ? dur((live.serverNow() - new Date(since).getTime()) / 1000) : '0:00';
}

function renderWaiting() {
  const body = clear($('waiting'));
  $('wait-count').textContent = counter ? `(${waiting.length})` : '';
  const now = live ? live.serverNow() : Date.now();
  for (const w of waiting) {
    const p = procs[w.procedure];
    body.append(el('tr', { class: w.priority ? 'prio' : '' },
      el('td', { class: 'num' }, w.number, w.priority ? el('span', { class: 'badge prio', title: prioLabel(w.priority) }, ' ★ ' + prioLabel(w.priority)) : null,
        w.counter === counter && w.transferred_from ? el('span', { class: 'badge' }, ' ' + t('chuyển đến', 'sent here')) : null),
      el('td', {}, p ? tx(p.name) : w.procedure),
      el('td', {}, dur((now - new Date(w.issued_at).getTime()) / 1000))));
  }
  if (counter && waiting.length === 0) body.append(el('tr', {}, el('td', { colspan: 3, class: 'muted' }, t('Không có ai đang chờ', 'Nobody is waiting'))));
}

// renderAlerts updates the alert list in place, keyed by alert: an item
// already shown keeps its element (only its words are refreshed, for a
// language switch), so an official's tap on "Tôi nhận" never lands on an
// element that an event has just replaced.
const alertItems = new Map(); // key → li
function renderAlerts() {
  const list = $('alerts');
  $('no-alerts').hidden = alerts.length > 0;
  const keep = new Set(alerts.map(a => a.key));
  for (const [key, li] of alertItems) {
    if (!keep.has(key)) { li.remove(); alertItems.delete(key); }
  }
  for (const a of alerts) {
    let li = alertItems.get(a.key);
    if (!li) {
      li = el('li', { class: 'alert ' + a.kind });
      alertItems.set(a.key, li);
      list.append(li);
    }
    fillAlert(li, a);
  }
}

function fillAlert(li, a) {
  const detail = typeof a.detail === 'function' ? a.detail() : a.detail;
  const when = a.at ? new Date(a.at).toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit' }) : '';
  let parts = li._parts;
  if (!parts) {
    parts = li._parts = {
      title: el('strong'), detail: el('span'), when: el('time'),
      take: el('button', { type: 'button', class: 'primary small', onclick: () => takeAlert(a, parts.take) }),
    };
    li.append(parts.title, ' ', parts.detail, ' ', parts.when, ' ', parts.take);
  }
  parts.title.textContent = t(a.title[0], a.title[1]);
  parts.detail.textContent = detail;
  parts.when.textContent = when;
  parts.take.textContent = t('Tôi nhận', 'I take it');
}

async function takeAlert(a, button) {
  if (button) button.disabled = true; // one tap, one request
  try {
    await api('POST', `/${a.kind === 'fault' ? 'faults' : 'help'}/${a.id}/take`);
    alerts = alerts.filter(x => x.key !== a.key);
    renderAlerts();
  } catch (e) {
    // Someone else took it first: their event removes it too; say who.
    if (e.code === 'conflict') { alerts = alerts.filter(x => x.key !== a.key); renderAlerts(); }
    else if (button) button.disabled = false;
    msg('act-msg', errText(e), 'bad');
  }
}

const scores = { 3: ['Rất hài lòng', 'Very satisfied'], 2: ['Hài lòng', 'Satisfied'], 1: ['Không hài lòng', 'Not satisfied'] };
function renderRating() {
  const box = $('rating');
  clear(box);
  box.hidden = !lastRating;
  if (!lastRating) return;
  const s = scores[lastRating.score] || ['?', '?'];
  box.className = 'rating score' + lastRating.score;
  box.append(el('span', {}, t('Đánh giá của công dân số', 'Rating from ticket') + ' ' + lastRating.number + ': '),
    el('strong', {}, t(s[0], s[1])));
  if (lastRating.reason) box.append(el('span', { class: 'reason' }, ' – ' + lastRating.reason));
}

function renderToday() {
  if (!today) return;
  renderFigures($('today-total'), t('Cả trung tâm', 'Whole centre'), today.total);
  const mine = today.counters.find(c => c.number === counter);
  if (mine) renderFigures($('today-counter'), t('Quầy', 'Counter') + ' ' + counter, mine, true);
  else clear($('today-counter'));
}

function enableButtons() {
  const st = current ? current.status : '';
  const mine = counter && !notMine;
  const can = !mine ? {} : {
    'call-next': counter && st !== 'called',
    recall: st === 'called', start: st === 'called', 'no-show': st === 'called',
    finish: st === 'called' || st === 'serving', transfer: !!current, call: counter && st !== 'called',
  };
  for (const b of document.querySelectorAll('button[data-act]')) b.disabled = !can[b.dataset.act];
}

async function act(name) {
  const btn = document.querySelector(`button[data-act="${name}"]`);
  if (!btn || btn.disabled) return;
  if (name === 'transfer') { $('transfer-dialog').showModal(); return; }
  if (name === 'call') { $('call-number').value = ''; $('call-dialog').showModal(); return; }
  await post(name);
}

async function post(name, body) {
  msg('act-msg', '');
  try {
    const tk = await api('POST', `/counters/${counter}/${name}`, body);
    current = tk && !['done', 'no_show', 'transferred', 'cancelled'].includes(tk.status) ? tk : null;
    if (name === 'finish' || name === 'call-next' || name === 'call') lastRating = null;
    if (name === 'transfer') msg('act-msg', t(`Đã chuyển số ${tk.number}`, `Ticket ${tk.number} transferred`), 'ok');
    renderAll();
    refresh();
  } catch (e) {
    if (e.code === 'counter_not_yours') { held = 0; notMine = e.message; renderAll(); }
    msg('act-msg', errText(e), 'bad');
  }
}

for (const b of document.querySelectorAll('button[data-act]')) b.addEventListener('click', () => act(b.dataset.act));

$('release-btn').addEventListener('click', async () => {
  if (!counter || !confirm(t(`Giải phóng quầy ${counter}? Cán bộ đang giữ quầy sẽ không thao tác được nữa.`,
    `Release counter ${counter}? The official holding it can no longer act there.`))) return;
  try {
    await api('POST', `/counters/${counter}/release`);
    await claim();
    refresh();
  } catch (e) { msg('act-msg', errText(e), 'bad'); }
});

for (const d of document.querySelectorAll('dialog')) {
  const c = d.querySelector('.cancel');
  if (c) c.addEventListener('click', () => d.close());
}
$('transfer-form').addEventListener('submit', ev => {
  ev.preventDefault();
  const kind = document.querySelector('input[name="tr-kind"]:checked').value;
  const body = kind === 'queue' ? { queue: $('tr-queue').value } : { counter: Number($('tr-counter').value) };
  $('transfer-dialog').close();
  post('transfer', body);
});
$('call-form').addEventListener('submit', ev => {
  ev.preventDefault();
  const number = $('call-number').value.trim().toUpperCase();
  $('call-dialog').close();
  post('call', { number });
});

// Keyboard: F-keys on a keyboard, operator keys on a USB numeric keypad.
const keys = {
  F1: 'call-next', NumpadAdd: 'call-next', F2: 'recall', NumpadMultiply: 'recall', F3: 'start', NumpadDivide: 'start',
  F4: 'finish', NumpadEnter: 'finish', F6: 'no-show', NumpadSubtract: 'no-show', F7: 'transfer', NumpadDecimal: 'transfer',
  F8: 'call', Numpad0: 'call',
};
document.addEventListener('keydown', ev => {
  const name = keys[ev.code] || keys[ev.key];
  if (!name || document.querySelector('dialog[open]')) return;
  const typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName);
  if (typing && !ev.code.startsWith('F') && !ev.key.startsWith('F')) return;
  ev.preventDefault();
  act(name);
});

function status(up) {
  const c = $('conn');
  c.textContent = up ? t('● Trực tuyến', '● Live') : t('● Mất kết nối – đang kết nối lại…', '● Offline – reconnecting…');
  c.className = 'conn ' + (up ? 'up' : 'down');
  if (up && counter && held !== counter && !notMine) claim();
  if (up) refresh();
}

let live = null;
async function main() {
  isAdmin = (await loadMe()).role === 'admin';
  await claim();
  await loadCatalogue();
  live = new Live({ onState: st => { applyState(st); refresh(); }, onEvent, onStatus: status });
  await live.start();
  setInterval(() => { tick(); if (waiting.length) renderWaiting(); }, 1000);
}
onLang(() => renderAll());
renderAll();
main().catch(e => msg('act-msg', errText(e), 'bad'));
