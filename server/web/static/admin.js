// The administration pages. Each page's part runs when its body carries
// the page's name. Lists are rendered by the server (html/template escapes
// them); changes go through the API with the CSRF token, then the page
// reloads or re-renders with textContent.
import { api, Live, el, clear, t, tx, msg, errText, mins, debounce, onLang, loadMe } from './common.js';
import { renderFigures, pct } from './figures.js';

const $ = id => document.getElementById(id);
const page = document.body.dataset.page;

// ---- Today at a glance ----
async function today() {
  let st = null, td = null;
  const draw = () => {
    if (!td) return;
    $('today-day').textContent = td.day.split('-').reverse().join('/');
    renderFigures($('today-total'), t('Cả trung tâm', 'Whole centre'), td.total);
    const qb = clear($('by-queue').tBodies[0]);
    for (const q of td.queues) {
      qb.append(el('tr', {}, el('th', { scope: 'row' }, `${q.prefix} – ${tx(q.name)}`), el('td', {}, q.issued), el('td', {}, q.waiting),
        el('td', {}, q.served), el('td', {}, q.no_shows), el('td', {}, mins(q.avg_wait_s)), el('td', {}, mins(q.avg_service_s)), el('td', {}, pct(q))));
    }
    const cb = clear($('by-counter').tBodies[0]);
    for (const c of td.counters) {
      const cs = st && st.counters.find(x => x.number === c.number);
      const now = cs && cs.current ? cs.current.number : '—';
      cb.append(el('tr', {}, el('th', { scope: 'row' }, `${c.number}. ${tx(c.name)}`), el('td', { class: 'num' }, now), el('td', {}, c.waiting),
        el('td', {}, c.served), el('td', {}, c.no_shows), el('td', {}, mins(c.avg_wait_s)), el('td', {}, mins(c.avg_service_s)), el('td', {}, pct(c))));
    }
  };
  const refresh = debounce(async () => {
    try { [st, td] = await Promise.all([api('GET', '/state'), api('GET', '/stats/today')]); draw(); } catch (e) { /* the next event retries */ }
  }, 150);
  onLang(draw);
  const live = new Live({
    onState: s => { st = s; refresh(); },
    onEvent: () => refresh(),
    onStatus: up => { const c = $('conn'); c.textContent = up ? t('● Trực tuyến', '● Live') : t('● Mất kết nối', '● Offline'); c.className = 'conn ' + (up ? 'up' : 'down'); },
  });
  await live.start();
}

// ---- Catalogue editor ----
const lines = s => s.split('\n').map(x => x.trim()).filter(Boolean);
// pair makes a contract Text from the two inputs; an empty pair is left
// out of the JSON (undefined), as the server omits it.
const pair = (vi, en) => (vi || en ? (en ? { vi, en } : { vi }) : undefined);
// pairLines reads a Vietnamese list and its English list line by line, as
// the CSV format does: line n of the English is the translation of line n of
// the Vietnamese. It returns the texts and the numbers of English lines that
// have no Vietnamese line to translate.
function pairLines(viText, enText) {
  const vi = viText.split('\n'), en = enText.split('\n');
  const out = [], orphans = [];
  for (let i = 0; i < Math.max(vi.length, en.length); i++) {
    const v = (vi[i] || '').trim(), e = (en[i] || '').trim();
    if (v) out.push(e ? { vi: v, en: e } : { vi: v });
    else if (e) orphans.push(i + 1);
  }
  return { out, orphans };
}
// listText shows a list of texts as the Vietnamese and English textarea
// contents, line n under line n.
const listText = (list, k) => (list || []).map(x => x[k] || '').join('\n').replace(/\n+$/, '');

async function catalogue() {
  let cat = await api('GET', '/catalogue');
  let editing = null; // procedure code, or '' for a new one
  const kinds = [['free', ['Miễn phí', 'Free']], ['flat', ['Một mức', 'Flat']], ['per_copy', ['Theo bản sao', 'Per copy']],
    ['per_page', ['Theo trang', 'Per page']], ['local_resolution', ['Theo Nghị quyết HĐND', 'Set by the provincial council']]];

  // Tabs with arrow-key support.
  const tabs = [...document.querySelectorAll('[role=tab]')];
  const show = tab => {
    for (const x of tabs) {
      const on = x === tab;
      x.setAttribute('aria-selected', on); x.tabIndex = on ? 0 : -1;
      $(x.getAttribute('aria-controls')).hidden = !on;
    }
  };
  tabs.forEach((x, i) => {
    x.addEventListener('click', () => show(x));
    x.addEventListener('keydown', ev => {
      const d = ev.key === 'ArrowRight' ? 1 : ev.key === 'ArrowLeft' ? -1 : 0;
      if (d) { const n = tabs[(i + d + tabs.length) % tabs.length]; show(n); n.focus(); }
    });
  });

  // save sends the whole catalogue. The server's problems are listed at
  // the top; for the procedure form (inForm = the procedure's index) they
  // are also listed next to its Save button and the fields they name are
  // marked invalid.
  const save = async (next, inForm) => {
    msg('cat-msg', t('Đang lưu…', 'Saving…'));
    clear($('cat-details'));
    formProblems();
    try {
      cat = await api('PUT', '/catalogue', next);
      msg('cat-msg', t(`Đã lưu danh mục phiên bản ${cat.version}`, `Catalogue version ${cat.version} saved`), 'ok');
      renderTables(); renderProcList();
      if (inForm !== undefined) formProblems(t(`Đã lưu danh mục phiên bản ${cat.version}`, `Catalogue version ${cat.version} saved`), [], '', 'ok');
      return true;
    } catch (e) {
      msg('cat-msg', errText(e), 'bad');
      for (const d of e.details || []) $('cat-details').append(el('li', {}, d));
      if (inForm !== undefined) formProblems(errText(e), e.details || [], `procedures[${inForm}].`);
      return false;
    }
  };
  // formProblems shows problems inside the procedure form (none clears
  // them). A problem whose path starts with prefix marks the input carrying
  // the rest of that path in data-path (or its nearest parent path).
  function formProblems(text, details = [], prefix = '', kind = 'bad') {
    for (const x of $('proc-form').querySelectorAll('[aria-invalid]')) x.removeAttribute('aria-invalid');
    const box = $('proc-problems');
    box.hidden = !text;
    msg('proc-msg', text || '', kind);
    clear($('proc-details'));
    for (const d of details) {
      const li = el('li', {}, d);
      $('proc-details').append(li);
      const m = d.match(/^(?:dòng\/line \d+: )?(\S+): /);
      if (!m || !m[1].startsWith(prefix)) continue;
      let path = m[1].slice(prefix.length);
      while (path) {
        const inp = [...$('proc-form').querySelectorAll('[data-path]')].find(x => x.dataset.path === path);
        if (inp) {
          inp.setAttribute('aria-invalid', 'true');
          li.append(' ', el('button', { type: 'button', class: 'small goto', onclick: () => { inp.scrollIntoView({ block: 'center' }); inp.focus(); } }, t('Đến ô này', 'Go to the field')));
          break;
        }
        const shorter = path.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
        if (shorter === path) break;
        path = shorter;
      }
    }
    if (text) box.scrollIntoView({ block: 'nearest' });
  }
  const clone = () => JSON.parse(JSON.stringify(cat));

  // Procedure list (first drawn by the server, redrawn after a save).
  const renderProcList = () => {
    const body = clear($('proc-rows'));
    const f = $('proc-filter').value.trim().toLowerCase();
    for (const p of cat.procedures) {
      if (f && !p.code.includes(f) && !p.name.vi.toLowerCase().includes(f) && !(p.name.en || '').toLowerCase().includes(f)) continue;
      const fees = (p.fees || []).map(feeText).join('; ') || '—';
      body.append(el('tr', { dataset: { code: p.code }, tabindex: 0 }, el('td', {}, p.code), el('td', { class: 'pname' }, p.name.vi), el('td', {}, fees)));
    }
  };
  const feeText = f => (f.kind === 'free' ? t('Miễn phí', 'Free') : f.kind === 'per_page' && f.tiers && f.tiers.length ? vnd(f.tiers[0].amount) + t('/trang', '/page')
    : f.kind === 'local_resolution' && !f.amount ? t('Theo Nghị quyết HĐND (chưa nhập)', 'Set by the provincial council (not entered)') : vnd(f.amount || 0)) + feeWhen(f);
  // feeWhen is the rule's channel and period, as the server's table words it.
  const feeWhen = f => {
    const parts = [];
    if (f.channel) parts.push(f.channel === 'online' ? t('trực tuyến', 'online') : t('trực tiếp', 'in person'));
    if (f.from) parts.push(t('từ ', 'from ') + f.from);
    if (f.until) parts.push(t('đến ', 'until ') + f.until);
    return parts.length ? ' (' + parts.join(', ') + ')' : '';
  };
  const vnd = n => n.toLocaleString('vi-VN').replace(/,/g, '.') + ' đồng';
  $('proc-filter').addEventListener('input', renderProcList);
  const openRow = ev => {
    const tr = ev.target.closest('tr[data-code]');
    if (tr && (ev.type === 'click' || ev.key === 'Enter')) openProc(tr.dataset.code);
  };
  $('proc-rows').addEventListener('click', openRow);
  $('proc-rows').addEventListener('keydown', openRow);
  $('proc-new').addEventListener('click', () => openProc(''));
  $('proc-close').addEventListener('click', () => { $('proc-form').hidden = true; });

  // feeRow is the editor of one fee: label, unit and note in both
  // languages, the kind, and either the amount or, for a per-page fee, its
  // tiers (from page → amount per page) and the cap per copy.
  const feeRow = f => {
    const id = 'f' + Math.random().toString(36).slice(2, 8);
    const field = (cls, key, label, input) => el('div', { class: cls }, el('label', { for: id + key }, label), input);
    const text = (key, cls, v, path) => el('input', { id: id + key, class: cls, value: v || '', dataset: { path } });
    const kind = el('select', { id: id + 'k', class: 'f-kind', dataset: { path: 'kind' } }, kinds.map(([v, l]) => el('option', { value: v, selected: f.kind === v }, t(l[0], l[1]))));
    const tierRows = el('tbody');
    const tierRow = tr => {
      const row = el('tr', { class: 'tier' },
        el('td', {}, el('input', { class: 't-from', type: 'number', min: 1, step: 1, value: tr.from_page })),
        el('td', {}, el('input', { class: 't-amount', type: 'number', min: 0, step: 100, value: tr.amount })),
        el('td', {}, el('button', { type: 'button', class: 'danger small t-remove', onclick: () => { row.remove(); numberTiers(); } })));
      tierRows.append(row);
    };
    // numberTiers names each tier's inputs after its place, for screen readers.
    const numberTiers = () => [...tierRows.rows].forEach((r, j) => {
      r.querySelector('.t-from').setAttribute('aria-label', t(`Từ trang, bậc ${j + 1}`, `From page, tier ${j + 1}`));
      r.querySelector('.t-amount').setAttribute('aria-label', t(`Giá mỗi trang (đồng), bậc ${j + 1}`, `Price per page (đồng), tier ${j + 1}`));
      r.querySelector('.t-remove').textContent = t(`Xoá bậc ${j + 1}`, `Remove tier ${j + 1}`);
    });
    for (const tr of f.tiers || []) tierRow(tr);
    numberTiers();
    const addTier = () => {
      const last = [...tierRows.rows].pop();
      const from = last ? (Number(last.querySelector('.t-from').value) || 0) + 1 : 1;
      tierRow({ from_page: from, amount: last ? Number(last.querySelector('.t-amount').value) || 0 : Number(amount.value) || 0 });
      numberTiers();
      tierRows.rows[tierRows.rows.length - 1].querySelector('.t-from').focus();
    };
    const amount = el('input', { id: id + 'a', class: 'f-amount', type: 'number', min: 0, step: 500, value: f.amount || 0, dataset: { path: 'amount' } });
    const amountBox = field('', 'a', t('Số tiền (đồng)', 'Amount (đồng)'), amount);
    const tiers = el('div', { class: 'tiers', dataset: { path: 'tiers' } },
      el('table', { class: 'list edit tier-table' },
        el('caption', {}, t('Bậc giá theo trang', 'Price tiers by page')),
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('Từ trang', 'From page')), el('th', { scope: 'col' }, t('Giá mỗi trang (đồng)', 'Price per page (đồng)')), el('th', {}))),
        tierRows),
      el('div', { class: 'row' },
        el('button', { type: 'button', class: 'small t-add', onclick: addTier }, t('Thêm bậc', 'Add a tier')),
        el('label', { for: id + 'c', class: 'inline' }, t('Mức trần mỗi bản (đồng, 0 = không có)', 'Cap per copy (đồng, 0 = none)')),
        el('input', { id: id + 'c', class: 'f-cap', type: 'number', min: 0, step: 1000, value: f.cap || 0, dataset: { path: 'cap' } })));
    // showKind shows the amount or the tiers the chosen kind uses.
    const showKind = () => {
      const k = kind.value;
      amountBox.hidden = k === 'free' || k === 'per_page';
      tiers.hidden = k !== 'per_page';
      if (k === 'per_page' && !tierRows.rows.length) { tierRow({ from_page: 1, amount: Number(amount.value) || 0 }); numberTiers(); }
    };
    kind.addEventListener('change', showKind);
    const row = el('div', { class: 'fee-row' },
      field('', 'l', t('Khoản (tiếng Việt)', 'Item (Vietnamese)'), text('l', 'f-label', (f.label && f.label.vi) || 'Lệ phí', 'label.vi')),
      field('', 'L', t('Khoản (tiếng Anh)', 'Item (English)'), text('L', 'f-label-en', f.label && f.label.en, 'label.en')),
      field('', 'k', t('Cách tính', 'Kind'), kind),
      amountBox,
      field('unit', 'u', t('Đơn vị (tiếng Việt)', 'Unit (Vietnamese)'), text('u', 'f-unit', f.unit && f.unit.vi, 'unit.vi')),
      field('', 'U', t('Đơn vị (tiếng Anh)', 'Unit (English)'), text('U', 'f-unit-en', f.unit && f.unit.en, 'unit.en')),
      field('wide', 's', t('Căn cứ pháp lý (bắt buộc)', 'Legal source (required)'), el('input', { id: id + 's', class: 'f-source', value: f.source || '', required: true, dataset: { path: 'source' } })),
      field('wide', 'n', t('Ghi chú, miễn giảm (tiếng Việt)', 'Note, exemptions (Vietnamese)'), text('n', 'f-note', f.note && f.note.vi, 'note.vi')),
      field('wide', 'N', t('Ghi chú, miễn giảm (tiếng Anh)', 'Note, exemptions (English)'), text('N', 'f-note-en', f.note && f.note.en, 'note.en')),
      tiers,
      el('button', { type: 'button', class: 'danger small f-remove', onclick: () => row.remove() }, t('Xoá khoản này', 'Remove')));
    showKind();
    return row;
  };
  // readFees reads the fee editors back into fees, and names each input
  // after its place in the procedure (data-path) so the server's problems
  // can point at it.
  const readFees = () => [...document.querySelectorAll('.fee-row')].map((r, k) => {
    const q = c => r.querySelector(c);
    const v = c => q(c).value.trim();
    for (const inp of r.querySelectorAll('[data-path]')) inp.dataset.path = inp.dataset.path.replace(/^fees\[\d+\]\./, '').replace(/^/, `fees[${k}].`);
    const f = {
      label: pair(v('.f-label'), v('.f-label-en')) || { vi: 'Lệ phí' }, kind: v('.f-kind'),
      amount: Number(v('.f-amount')) || undefined, unit: pair(v('.f-unit'), v('.f-unit-en')),
      source: v('.f-source'), note: pair(v('.f-note'), v('.f-note-en')),
    };
    if (f.kind === 'per_page') {
      f.tiers = [...r.querySelectorAll('tr.tier')].map((tr, j) => {
        tr.querySelector('.t-from').dataset.path = `fees[${k}].tiers[${j}].from_page`;
        tr.querySelector('.t-amount').dataset.path = `fees[${k}].tiers[${j}].amount`;
        return { from_page: Number(tr.querySelector('.t-from').value), amount: Number(tr.querySelector('.t-amount').value) };
      });
      f.cap = Number(v('.f-cap')) || undefined;
      delete f.amount;
    }
    if (f.kind === 'free') delete f.amount;
    for (const key of Object.keys(f)) if (f[key] === undefined) delete f[key];
    return f;
  });
  // Name the fixed inputs after the procedure's JSON paths, for the
  // server's problems.
  for (const [id, path] of Object.entries({ 'p-code': 'code', 'p-name': 'name.vi', 'p-name-en': 'name.en', 'p-field': 'field',
    'p-time': 'processing_time.vi', 'p-time-en': 'processing_time.en', 'p-result': 'result.vi', 'p-result-en': 'result.en',
    'p-docs': 'documents', 'p-steps': 'steps', 'p-legal': 'legal_basis', 'p-online': 'online', 'p-url': 'guidance_url',
    'p-short': 'short_name.vi', 'p-short-en': 'short_name.en', 'p-keywords': 'keywords' })) $(id).dataset.path = path;
  // A list and its translation scroll together, so line n stays beside line n.
  for (const a of document.querySelectorAll('textarea[data-pair]')) {
    const b = $(a.dataset.pair);
    a.addEventListener('scroll', () => { b.scrollTop = a.scrollTop; });
  }
  $('fee-add').addEventListener('click', () => $('fees').append(feeRow({ kind: 'flat' })));

  const fillSelect = (s, opts, value) => { clear(s); for (const [v, l] of opts) s.append(el('option', { value: v, selected: v === value }, l)); };
  function openProc(code, focus = true) {
    editing = code;
    const p = code ? cat.procedures.find(x => x.code === code) : { code: '', name: { vi: '' }, field: (cat.fields[0] || {}).id, fees: [], processing_time: { vi: '' }, result: { vi: '' } };
    const q = cat.queues.find(x => (x.procedures || []).includes(p.code));
    $('proc-title').textContent = code ? `${t('Sửa thủ tục', 'Edit procedure')} ${p.code}` : t('Thủ tục mới', 'New procedure');
    $('p-code').value = p.code; $('p-code').readOnly = !!code;
    $('p-name').value = p.name.vi; $('p-name-en').value = p.name.en || '';
    $('p-short').value = (p.short_name && p.short_name.vi) || ''; $('p-short-en').value = (p.short_name && p.short_name.en) || '';
    $('p-keywords').value = (p.keywords || []).join('\n');
    fillSelect($('p-field'), cat.fields.map(f => [f.id, f.name.vi]), p.field);
    fillSelect($('p-queue'), [['', '—']].concat(cat.queues.map(x => [x.prefix, `${x.prefix} – ${x.name.vi}`])), q ? q.prefix : '');
    $('p-time').value = (p.processing_time && p.processing_time.vi) || ''; $('p-time-en').value = (p.processing_time && p.processing_time.en) || '';
    $('p-result').value = (p.result && p.result.vi) || ''; $('p-result-en').value = (p.result && p.result.en) || '';
    $('p-online').value = p.online || ''; $('p-url').value = p.guidance_url || '';
    $('p-sameday').checked = !!p.same_day_wednesday; $('p-home').checked = !!p.home_service; $('p-common').checked = !!p.common;
    clear($('fees')); for (const f of p.fees || []) $('fees').append(feeRow(f));
    $('p-docs').value = listText(p.documents, 'vi'); $('p-docs-en').value = listText(p.documents, 'en');
    $('p-steps').value = listText(p.steps, 'vi'); $('p-steps-en').value = listText(p.steps, 'en');
    formProblems();
    $('p-legal').value = (p.legal_basis || []).join('\n');
    $('proc-delete').hidden = !code;
    $('proc-form').hidden = false;
    if (focus) $('p-name').focus();
  }
  $('proc-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const next = clone();
    const old = editing ? next.procedures.find(x => x.code === editing) : null;
    const p = old || {};
    const v = id => $(id).value.trim();
    // English lines without a Vietnamese line would be lost: say so first.
    const docs = pairLines($('p-docs').value, $('p-docs-en').value), steps = pairLines($('p-steps').value, $('p-steps-en').value);
    const orphans = [
      ...docs.orphans.map(n => t(`Thành phần hồ sơ: dòng ${n} bên tiếng Anh không có dòng tiếng Việt`, `Documents: English line ${n} has no Vietnamese line`)),
      ...steps.orphans.map(n => t(`Trình tự thực hiện: dòng ${n} bên tiếng Anh không có dòng tiếng Việt`, `Steps: English line ${n} has no Vietnamese line`))];
    if (orphans.length) {
      formProblems(t('Chưa lưu: danh sách tiếng Anh không khớp dòng', 'Not saved: the English lists do not line up'), orphans);
      if (docs.orphans.length) $('p-docs-en').setAttribute('aria-invalid', 'true');
      if (steps.orphans.length) $('p-steps-en').setAttribute('aria-invalid', 'true');
      return;
    }
    p.code = v('p-code');
    p.name = pair(v('p-name'), v('p-name-en')) || { vi: '' };
    p.short_name = pair(v('p-short'), v('p-short-en'));
    if (!p.short_name) delete p.short_name;
    p.keywords = lines($('p-keywords').value);
    p.field = $('p-field').value;
    p.processing_time = pair(v('p-time'), v('p-time-en')) || { vi: '' };
    p.result = pair(v('p-result'), v('p-result-en')) || { vi: '' };
    p.online = $('p-online').value || undefined; p.guidance_url = $('p-url').value.trim() || undefined;
    p.same_day_wednesday = $('p-sameday').checked; p.home_service = $('p-home').checked; p.common = $('p-common').checked;
    p.fees = readFees();
    p.documents = docs.out;
    p.steps = steps.out;
    p.legal_basis = lines($('p-legal').value);
    if (!old) next.procedures.push(p);
    // Move the procedure only when its queue changed, so saving keeps the
    // order of the queue's list.
    const qp = $('p-queue').value;
    const was = next.queues.find(q => (q.procedures || []).includes(p.code));
    if (!was || was.prefix !== qp) {
      for (const q of next.queues) {
        q.procedures = (q.procedures || []).filter(c => c !== p.code);
        if (q.prefix === qp) q.procedures.push(p.code);
      }
    }
    if (await save(next, next.procedures.indexOf(p))) { editing = p.code; $('proc-title').textContent = `${t('Sửa thủ tục', 'Edit procedure')} ${p.code}`; $('p-code').readOnly = true; $('proc-delete').hidden = false; }
  });
  $('proc-delete').addEventListener('click', async () => {
    if (!editing || !confirm(t(`Xoá thủ tục ${editing}?`, `Delete procedure ${editing}?`))) return;
    const next = clone();
    next.procedures = next.procedures.filter(x => x.code !== editing);
    for (const q of next.queues) q.procedures = (q.procedures || []).filter(c => c !== editing);
    if (await save(next)) $('proc-form').hidden = true;
  });

  // Generic table editor for fields, queues and counters.
  const specs = {
    fields: { key: 'fields', cols: [['id', t('Mã', 'ID'), 'text'], ['name.vi', t('Tên', 'Name'), 'text'], ['name.en', t('Tên tiếng Anh', 'English name'), 'text']], blank: () => ({ id: '', name: { vi: '' } }) },
    queues: { key: 'queues', cols: [['prefix', t('Chữ đầu số', 'Prefix'), 'text'], ['name.vi', t('Tên', 'Name'), 'text'], ['name.en', t('Tên tiếng Anh', 'English name'), 'text'], ['procedures', t('Mã thủ tục (cách nhau bởi dấu phẩy)', 'Procedure codes (comma-separated)'), 'list']], blank: () => ({ prefix: '', name: { vi: '' }, procedures: [] }) },
    counters: { key: 'counters', cols: [['number', t('Số quầy', 'Number'), 'number'], ['name.vi', t('Tên', 'Name'), 'text'], ['name.en', t('Tên tiếng Anh', 'English name'), 'text'], ['queues', t('Hàng đợi (A,B,…)', 'Queues (A,B,…)'), 'list']], blank: () => ({ number: 0, name: { vi: '' }, queues: [] }) },
  };
  const getp = (o, p) => p.split('.').reduce((x, k) => (x ? x[k] : undefined), o);
  const setp = (o, p, v) => { const ks = p.split('.'); const last = ks.pop(); const tgt = ks.reduce((x, k) => (x[k] = x[k] || {}), o); if (v === '' || v === undefined) delete tgt[last]; else tgt[last] = v; };
  function renderTable(name) {
    const spec = specs[name];
    const box = clear($(name + '-ed'));
    const rows = JSON.parse(JSON.stringify(cat[spec.key] || []));
    const table = el('table', { class: 'list edit' }, el('thead', {}, el('tr', {}, spec.cols.map(c => el('th', { scope: 'col' }, c[1])), el('th', {}))));
    const body = el('tbody');
    const addRow = (r, i) => {
      const tr = el('tr');
      for (const [path, label, type] of spec.cols) {
        let v = getp(r, path);
        if (type === 'list') v = (v || []).join(', ');
        tr.append(el('td', {}, el('input', { 'aria-label': `${label} (${i + 1})`, type: type === 'number' ? 'number' : 'text', value: v === undefined ? '' : v, dataset: { path, type } })));
      }
      tr.append(el('td', {}, el('button', { type: 'button', class: 'danger small', onclick: () => tr.remove() }, t('Xoá', 'Delete'))));
      body.append(tr);
    };
    rows.forEach(addRow);
    table.append(body);
    const add = el('button', { type: 'button', onclick: () => addRow(spec.blank(), body.rows.length) }, t('Thêm dòng', 'Add row'));
    const saveBtn = el('button', { type: 'button', class: 'primary', onclick: async () => {
      const next = clone();
      next[spec.key] = [...body.rows].map((tr, i) => {
        const r = JSON.parse(JSON.stringify(rows[i] || spec.blank()));
        for (const inp of tr.querySelectorAll('input')) {
          const { path, type } = inp.dataset;
          let v = inp.value.trim();
          if (type === 'list') v = v.split(',').map(x => x.trim()).filter(Boolean);
          if (type === 'number') v = Number(v);
          setp(r, path, v);
        }
        return r;
      });
      await save(next);
    } }, t('Lưu', 'Save'));
    box.append(table, el('div', { class: 'row' }, add, saveBtn));
  }
  const renderTables = () => { for (const n of Object.keys(specs)) renderTable(n); };
  renderTables();
  // Open the first procedure so the editor is never an empty half-page.
  if (cat.procedures.length) openProc(cat.procedures[0].code, false);

  $('import-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const file = $('import-file').files[0];
    if (!file) return;
    const csv = /\.csv$/i.test(file.name) || file.type === 'text/csv';
    clear($('cat-details'));
    try {
      cat = await api('POST', '/catalogue/import' + (csv ? '?format=csv' : ''), file, { type: csv ? 'text/csv' : 'application/json' });
      msg('cat-msg', t(`Đã nhập danh mục phiên bản ${cat.version}`, `Imported catalogue version ${cat.version}`), 'ok');
      renderTables(); renderProcList();
    } catch (e) {
      msg('cat-msg', errText(e), 'bad');
      for (const d of e.details || []) $('cat-details').append(el('li', {}, d));
    }
  });
}

// ---- Settings ----
const textLines = list => (list || []).map(x => (x.en ? `${x.vi} | ${x.en}` : x.vi)).join('\n');
const parseTextLines = s => lines(s).map(l => { const [vi, en] = l.split('|').map(x => x.trim()); return en ? { vi, en } : { vi }; });

async function settings() {
  const s = await api('GET', '/settings');
  const f = {
    'name': s.centre_name.vi, 'name-en': s.centre_name.en || '', tz: s.time_zone, ratio: s.priority_ratio,
    maxwait: Math.round(s.max_wait_s / 60), service: Math.round(s.default_service_s / 60), tpl: s.announcement.template,
    repeat: s.announcement.repeat, volume: s.announcement.volume, qs: s.announcement.quiet_start || '', qe: s.announcement.quiet_end || '',
    'fast-day': s.fast_lane.weekday, 'fast-queue': s.fast_lane.queue, 'public-url': s.public_url || '',
  };
  for (const [k, v] of Object.entries(f)) $('s-' + k).value = v;
  $('s-fast').checked = s.fast_lane.enabled; $('s-help').checked = s.announcement.help_notice;
  $('s-need-printer').checked = !!s.tickets_need_printer;
  $('s-slogans').value = textLines(s.slogans); $('s-notices').value = textLines(s.notices);
  $('settings-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const v = id => $('s-' + id).value.trim();
    // Fields this form does not show are sent back as they were, not lost.
    const next = {
      ...s,
      centre_name: v('name-en') ? { vi: v('name'), en: v('name-en') } : { vi: v('name') }, time_zone: v('tz'),
      priority_ratio: Number(v('ratio')), max_wait_s: Number(v('maxwait')) * 60, default_service_s: Number(v('service')) * 60,
      fast_lane: { enabled: $('s-fast').checked, weekday: Number(v('fast-day')), queue: v('fast-queue') },
      tickets_need_printer: $('s-need-printer').checked,
      announcement: { template: v('tpl'), repeat: Number(v('repeat')), volume: Number(v('volume')), quiet_start: v('qs') || undefined, quiet_end: v('qe') || undefined, help_notice: $('s-help').checked },
      slogans: parseTextLines($('s-slogans').value), notices: parseTextLines($('s-notices').value),
      public_url: v('public-url'),
    };
    try { await api('PUT', '/settings', next); msg('s-msg', t('Đã lưu cài đặt', 'Settings saved'), 'ok'); } catch (e) { msg('s-msg', errText(e), 'bad'); }
  });
}

// ---- Users ----
function users() {
  const change = async (tr, body) => {
    try { await api('PATCH', '/users/' + encodeURIComponent(tr.dataset.user), body); location.reload(); } catch (e) { msg('u-msg', errText(e), 'bad'); }
  };
  for (const tr of document.querySelectorAll('tr[data-user]')) {
    tr.querySelector('.u-role').addEventListener('change', ev => change(tr, { role: ev.target.value }));
    tr.querySelector('.u-disable').addEventListener('click', ev => change(tr, { disabled: ev.target.dataset.disabled !== 'true' }));
    const u = tr.querySelector('.u-unlock');
    if (u) u.addEventListener('click', () => change(tr, { unlock: true }));
    const r = tr.querySelector('.u-reset');
    if (r) r.addEventListener('click', () => openReset(tr.dataset.user));
  }
  // Password reset, for an official who forgot theirs: the admin types a
  // new one here and tells them; their sessions end.
  const dlg = $('reset-dialog');
  let target = '';
  const openReset = user => {
    target = user;
    $('reset-user').textContent = user;
    $('reset-pw').value = '';
    msg('reset-msg', '');
    dlg.showModal();
  };
  $('reset-cancel').addEventListener('click', () => dlg.close());
  $('reset-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    try {
      await api('POST', '/users/' + encodeURIComponent(target) + '/password', { password: $('reset-pw').value });
      dlg.close();
      msg('u-msg', t(`Đã đặt mật khẩu mới cho ${target}`, `New password set for ${target}`), 'ok');
    } catch (e) { msg('reset-msg', errText(e), 'bad'); }
  });
  $('user-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    try {
      await api('POST', '/users', { username: $('nu-name').value, password: $('nu-pw').value, role: $('nu-role').value });
      location.reload();
    } catch (e) { msg('u-msg', errText(e), 'bad'); }
  });
}

// ---- Devices ----
function devices() {
  for (const tr of document.querySelectorAll('tr[data-device]')) {
    const b = tr.querySelector('.d-revoke');
    if (b) b.addEventListener('click', async () => {
      if (!confirm(t(`Thu hồi mã của thiết bị ${tr.dataset.device}? Thiết bị sẽ ngừng hoạt động ngay.`, `Revoke ${tr.dataset.device}? It stops working at once.`))) return;
      try { await api('DELETE', '/devices/' + encodeURIComponent(tr.dataset.device)); location.reload(); } catch (e) { msg('d-msg', errText(e), 'bad'); }
    });
  }
  // A name in use is refused by the server (a typo must not cut a working
  // kiosk off); the admin confirms to give that device a new token.
  const add = async replace => {
    const body = { name: $('nd-name').value, role: $('nd-role').value, counter: Number($('nd-counter').value) || 0 };
    if (replace) body.replace = true;
    try { return await api('POST', '/devices', body); } catch (e) {
      if (e.code !== 'conflict' || replace) throw e;
      const name = body.name.trim().toLowerCase();
      if (!confirm(t(`Đã có thiết bị ${name}. Cấp mã mới? Mã cũ ngừng hoạt động và thiết bị bị ngắt kết nối ngay.`,
        `Device ${name} exists. Issue a new token? The old one stops working and the device is disconnected at once.`))) return null;
      return add(true);
    }
  };
  $('device-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    try {
      const d = await add(false);
      if (!d) return;
      $('token-value').textContent = d.token;
      $('token-board').hidden = d.role !== 'display';
      $('token-url').textContent = `${location.origin}/board?token=${encodeURIComponent(d.token)}`;
      $('token-box').hidden = false;
      msg('d-msg', t(`Đã tạo thiết bị ${d.name}`, `Device ${d.name} created`), 'ok');
    } catch (e) { msg('d-msg', errText(e), 'bad'); }
  });
}

const pages = { 'admin-today': today, 'admin-catalogue': catalogue, 'admin-settings': settings, 'admin-users': users, 'admin-devices': devices };
// data-ready tells tests (and curious admins) the page's controls are live.
loadMe().then(() => pages[page] && pages[page]()).then(() => { document.body.dataset.ready = '1'; }).catch(e => { const m = document.querySelector('.msg'); if (m) m.textContent = errText(e); });
