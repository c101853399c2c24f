// The waiting-room board for a smart TV that has only a browser: the same
// board as the display appliance, fed by /api/v1/state and the websocket
// (token from ?token=, a display device token, or a signed-in session),
// reading each call aloud with the Web Speech API in Vietnamese.
import { api, Live, el, clear, tx } from './common.js';
import { readTicket, readNumber } from './vnnumber.js';

const $ = id => document.getElementById(id);
const token = new URLSearchParams(location.search).get('token') || '';
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
  for (const k of state.counters) {
    const cur = k.current;
    const hot = cur && state.recent_calls.length && state.recent_calls[0].number === cur.number && state.recent_calls[0].counter === k.number && state.recent_calls[0].seq === flashSeq;
    grid.append(el('div', { class: 'b-counter' + (cur ? '' : ' free') + (hot ? ' flash' : '') },
      el('div', { class: 'b-num' }, cur ? cur.number : '—'),
      el('div', { class: 'b-cname' }, `Quầy ${k.number}`, el('small', {}, tx(k.name)))));
  }
  const calls = clear($('b-calls'));
  state.recent_calls.slice(0, 6).forEach((cl, i) => {
    calls.append(el('li', { class: i === 0 ? 'newest' + (cl.seq === flashSeq ? ' flash' : '') : '' },
      el('span', { class: 'n' }, cl.number), el('span', { class: 'arrow' }, '→'), el('span', {}, `Quầy ${cl.counter}`)));
  });
  const qs = clear($('b-queues'));
  for (const q of state.queues) {
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
    if (!replay) {
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
