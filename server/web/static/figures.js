// Rendering of "today at a glance" figures, shared by the console header
// and /admin/today.
import { el, clear, t, mins } from './common.js';

const prios = {
  elderly: ['Người cao tuổi', 'Elderly'], disability: ['Người khuyết tật', 'Disability'],
  pregnancy: ['Phụ nữ mang thai', 'Pregnant'], merit: ['Người có công', 'Merit'], child: ['Có trẻ nhỏ', 'Small child'],
};
export function prioLabel(p) { const l = prios[p]; return l ? t(l[0], l[1]) : p; }

export function pct(f) { return f.satisfied_pct < 0 ? '—' : f.satisfied_pct + '%'; }

// renderFigures fills a <dl> with a caption and the figures of one row.
export function renderFigures(dl, caption, f, perCounter) {
  clear(dl);
  dl.append(el('div', { class: 'cap' }, caption));
  const items = [
    perCounter ? null : [t('Đã cấp', 'Issued'), f.issued],
    [t('Đang chờ', 'Waiting'), f.waiting],
    [t('Đã phục vụ', 'Served'), f.served],
    [t('Vắng mặt', 'No-shows'), f.no_shows],
    [t('Chờ TB', 'Avg wait'), mins(f.avg_wait_s)],
    [t('Phục vụ TB', 'Avg service'), mins(f.avg_service_s)],
    [t('Hài lòng', 'Satisfied'), pct(f) + (f.ratings ? ` (${f.ratings})` : '')],
  ];
  for (const it of items) {
    if (!it) continue;
    dl.append(el('div', { class: 'fig' }, el('dt', {}, it[0]), el('dd', {}, String(it[1]))));
  }
}
