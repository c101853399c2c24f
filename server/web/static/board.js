// The waiting-room board for a smart TV that has only a browser: the same
// board as the display appliance, fed by /api/v1/state and the websocket
// (token from ?token=, a display device token, or a signed-in session),
// reading each call aloud with the Web Speech API in Vietnamese.
import { api, Live, el, clear, tx } from './common.js';
import { readTicket, readNumber } from './vnnumber.js';

const $ = id => document.getElementById(id);
const params = new URLSearchParams(location.search);
const token = params.get('token') || '';

// parseCounters reads ?counters=1,2,5 or 1-3,6, like the display
// appliance's --counters: a board for part of the hall. Empty or absent
// means every counter; bad input gives null so the page can say so.
function parseCounters(s) {
  const out = new Set();
  for (let part of (s || '').split(',')) {
    part = part.trim();
    if (!part) continue;
    const m = /^(\d+)\s*(?:-\s*(\d+))?$/.exec(part);
    if (!m) return null;
    const lo = Number(m[1]), hi = m[2] === undefined ? lo : Number(m[2]);
    if (lo < 1 || hi > 9999 || hi < lo || hi - lo > 999) return null;
    for (let n = lo; n <= hi; n++) out.add(n);
  }
  return out;
}
const only = parseCounters(params.get('counters'));
// shown tells whether this board serves counter n.
const shown = n => !only || only.size === 0 || only.has(n);
// visibleCalls are the recent calls to this board's counters.
const visibleCalls = () => state.recent_calls.filter(c => shown(c.counter));
let state = null;
let live = null;
let flashSeq = 0;

// Every sentence handed to the speech engine, for tests and diagnostics.
window.motcuaSpoken = [];

function render() {
  if (!state) return;
  const c = state.centre;
  $('b-centre').textContent = tx(c.name);
  document.title = tx(c.name);
  $('b-fast').hidden = !c.fast_day;
  const grid = clear($('b-counters'));
  const calls0 = visibleCalls();
  for (const k of state.counters.filter(k => shown(k.number))) {
    const cur = k.current;
    const hot = cur && calls0.length && calls0[0].number === cur.number && calls0[0].counter === k.number && calls0[0].seq === flashSeq;
    grid.append(el('div', { class: 'b-counter' + (cur ? '' : ' free') + (hot ? ' flash' : '') },
      el('div', { class: 'b-num' }, cur ? cur.number : '—'),
      el('div', { class: 'b-cname' }, `Quầy ${k.number}`, el('small', {}, tx(k.name)))));
  }
  const calls = clear($('b-calls'));
  calls0.slice(0, 6).forEach((cl, i) => {
    calls.append(el('li', { class: i === 0 ? 'newest' + (cl.seq === flashSeq ? ' flash' : '') : '' },
      el('span', { class: 'n' }, cl.number), el('span', { class: 'arrow' }, '→'), el('span', {}, `Quầy ${cl.counter}`)));
  });
  const qs = clear($('b-queues'));
  // A queue belongs on this board when one of its counters does.
  for (const q of state.queues.filter(q => !only || only.size === 0 || (q.counters || []).some(shown))) {
    qs.append(el('tr', {}, el('th', { scope: 'row' }, `${q.prefix} – ${tx(q.name)}`), el('td', {}, `${q.waiting} người`),
      el('td', {}, q.waiting ? `~${Math.max(1, Math.round(q.estimated_wait_s / 60))} phút` : '')));
  }
  const msgs = [...(c.notices || []), ...(c.slogans || [])].map(tx);
  $('b-ticker').textContent = msgs.join('   •   ');
  const help = (state.open_help || []).length && c.announcement.help_notice;
  $('b-help').hidden = !help;
  $('b-help').textContent = help ? `Kiosk ${state.open_help.map(h => h.device).join(', ')} cần hỗ trợ – mời tình nguyện viên đến giúp` : '';
}

const weekdays = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];
function clock() {
  if (!live) return;
  // The centre's zone is Vietnam (UTC+7, no daylight saving).
  const d = new Date(live.serverNow() + 7 * 3600 * 1000);
  const p = n => String(n).padStart(2, '0');
  $('b-date').textContent = `${weekdays[d.getUTCDay()]}, ${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
  $('b-time').textContent = `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

function quiet(a) {
  if (!a.quiet_start || !a.quiet_end || !live) return false;
  const d = new Date(live.serverNow() + 7 * 3600 * 1000);
  const hm = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  return a.quiet_start <= a.quiet_end ? hm >= a.quiet_start && hm < a.quiet_end : hm >= a.quiet_start || hm < a.quiet_end;
}

// announce queues the call's sentence; the browser's speech queue reads
// utterances one after another, in order, never overlapping.
function announce(number, counter) {
  const a = state.centre.announcement;
  const text = (a.template || 'Xin mời công dân có số thứ tự {number} đến quầy số {counter}')
    .replaceAll('{number}', readTicket(number)).replaceAll('{counter}', readNumber(counter));
  window.motcuaSpoken.push(text);
  if (!('speechSynthesis' in window) || quiet(a)) return;
  const voice = speechSynthesis.getVoices().find(v => v.lang && v.lang.toLowerCase().startsWith('vi'));
  for (let i = 0; i < Math.max(1, a.repeat || 1); i++) {
    const u = new SpeechSynthesisUtterance(text);
    u.lang = 'vi-VN';
    if (voice) u.voice = voice;
    u.volume = Math.min(1, Math.max(0, (a.volume ?? 80) / 100));
    u.rate = 0.9;
    speechSynthesis.speak(u);
  }
}

const refetch = (() => {
  let timer = 0;
  return () => { clearTimeout(timer); timer = setTimeout(async () => { try { state = await api('GET', '/state', undefined, { token, noRedirect: true }); render(); } catch { /* next event retries */ } }, 150); };
})();

function onEvent(ev, replay) {
  const d = ev.data || {};
  if (ev.type === 'ticket.called' || ev.type === 'ticket.recalled') {
    const k = state.counters.find(x => x.number === d.counter);
    if (k) k.current = d.ticket;
    state.recent_calls = [{ seq: ev.seq, number: d.ticket.number, counter: d.counter, recall: ev.type === 'ticket.recalled', at: ev.at },
      ...state.recent_calls.filter(c => c.seq !== ev.seq)].slice(0, 10);
    if (!replay && shown(d.counter)) {
      flashSeq = ev.seq;
      setTimeout(() => { if (flashSeq === ev.seq) { flashSeq = 0; render(); } }, 6000);
      announce(d.ticket.number, d.counter);
    }
    render();
  }
  if (ev.type === 'settings.changed') { state.centre = d; render(); }
  refetch();
}

function status(up) {
  const c = $('b-conn');
  c.textContent = up ? '' : '● mất kết nối';
  c.className = 'conn ' + (up ? 'up' : 'down');
}

$('b-sound').addEventListener('click', () => {
  // Browsers speak only after a user gesture: one press of the remote's OK.
  if ('speechSynthesis' in window) speechSynthesis.speak(new SpeechSynthesisUtterance(''));
  $('b-sound').hidden = true;
});

async function main() {
  if (!only) {
    status(false);
    $('b-ticker').textContent = `Danh sách quầy không hợp lệ: “${params.get('counters')}” – ví dụ /board?counters=1,2,5 hoặc 1-3`;
    return;
  }
  live = new Live({ token, noRedirect: true, onState: st => { state = st; render(); }, onEvent, onStatus: status });
  try {
    await live.start();
  } catch (e) {
    status(false);
    $('b-ticker').textContent = token ? 'Mã thiết bị không hợp lệ hoặc đã bị thu hồi' : 'Thiếu mã thiết bị: mở /board?token=…';
    return;
  }
  clock();
  setInterval(clock, 1000);
}
main();
