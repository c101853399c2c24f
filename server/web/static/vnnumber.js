// Vietnamese number reading for the web board, the same rules as
// display/announce: 15 "mười lăm", 21 "hai mươi mốt", 24 "hai mươi tư",
// 105 "một trăm lẻ năm"; a ticket "B007" is "bê không không bảy".
const digits = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];
const letters = {
  A: 'a', B: 'bê', C: 'xê', D: 'đê', E: 'e', F: 'ép', G: 'giê', H: 'hát', I: 'i', J: 'gi', K: 'ca', L: 'e lờ', M: 'em mờ',
  N: 'en nờ', O: 'o', P: 'pê', Q: 'quy', R: 'e rờ', S: 'ét xì', T: 'tê', U: 'u', V: 'vê', W: 'vê kép', X: 'ích xì', Y: 'i dài', Z: 'dét',
};

function unit(w, u, muoi) {
  if (u === 0) return;
  if (u === 5) w.push('lăm');
  else if (muoi && u === 1) w.push('mốt');
  else if (muoi && u === 4) w.push('tư');
  else w.push(digits[u]);
}

function group(n, full) {
  const h = Math.floor(n / 100), t = Math.floor(n / 10) % 10, u = n % 10;
  const w = [];
  if (h > 0 || full) w.push(digits[h], 'trăm');
  if (t === 0 && u !== 0) { if (w.length) w.push('lẻ'); w.push(digits[u]); }
  else if (t === 1) { w.push('mười'); unit(w, u, false); }
  else if (t > 1) { w.push(digits[t], 'mươi'); unit(w, u, true); }
  return w.join(' ');
}

export function readNumber(n) {
  n = Math.floor(Number(n));
  if (!(n >= 0) || n > 999999) return String(n).split('').map(c => digits[c] || '').join(' ').trim();
  if (n === 0) return digits[0];
  if (n < 1000) return group(n, false);
  const rest = n % 1000;
  return group(Math.floor(n / 1000), false) + ' nghìn' + (rest ? ' ' + group(rest, true) : '');
}

export function readTicket(number) {
  const w = [];
  for (const m of String(number).toUpperCase().matchAll(/[0-9]+|[A-Z]/g)) {
    const s = m[0];
    if (/[A-Z]/.test(s)) { w.push(letters[s] || s); continue; }
    const rest = s.replace(/^0+/, '');
    for (let i = 0; i < s.length - rest.length; i++) w.push(digits[0]);
    if (rest) w.push(readNumber(Number(rest)));
  }
  return w.join(' ');
}
