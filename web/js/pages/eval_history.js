// Lịch sử điểm và xếp loại của một người: period scores over time (an
// inline SVG chart with the band thresholds 50/70/90, and the same figures
// as a table), the year ratings (historic ones included), and the
// comparison with people in equivalent posts.
import { get, role } from '../api.js';
import { h, clear, fmtDate, fmtDateTime } from '../util.js';
import { STATES, BANDS, REGIMES, CAP_STATUS, bandBadge, fmtScore, periodName, num } from './eval_common.js';

const SVG = 'http://www.w3.org/2000/svg';
function s(tag, attrs, ...kids) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  for (const c of kids) if (c !== null && c !== undefined) el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  return el;
}

/** Line chart of scores (0–100) with the band thresholds; points: [{label, score (x100), band}]. */
export function scoreChart(points, title) {
  const W = 760, H = 300, L = 44, R = 16, T = 16, B = 56;
  const x = (i) => L + (points.length <= 1 ? (W - L - R) / 2 : (i * (W - L - R)) / (points.length - 1));
  const y = (v) => T + ((100 - v) * (H - T - B)) / 100;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'eval-chart', role: 'img', 'aria-labelledby': 'chart-title chart-desc' },
    s('title', { id: 'chart-title' }, title),
    s('desc', { id: 'chart-desc' }, points.length ? points.map((p) => `${p.label}: ${fmtScore(p.score)}`).join('; ') : 'Chưa có điểm.'));
  // bands as shaded areas, thresholds as dashed lines
  const bands = [[90, 100, 'HTXS'], [70, 90, 'HTT'], [50, 70, 'HTNV'], [0, 50, 'KHT']];
  for (const [lo, hi, b] of bands) svg.appendChild(s('rect', { x: L, y: y(hi), width: W - L - R, height: y(lo) - y(hi), class: `band band-${b}` }));
  for (const v of [0, 50, 70, 90, 100]) {
    svg.appendChild(s('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: v === 0 || v === 100 ? 'axis' : 'threshold', 'data-threshold': v === 0 || v === 100 ? null : v }));
    svg.appendChild(s('text', { x: L - 6, y: y(v) + 4, class: 'tick', 'text-anchor': 'end' }, String(v)));
  }
  for (const [lo, hi, b] of bands) svg.appendChild(s('text', { x: W - R - 4, y: (y(lo) + y(hi)) / 2 + 4, class: 'band-label', 'text-anchor': 'end' }, b));
  if (points.length > 1) svg.appendChild(s('polyline', { points: points.map((p, i) => `${x(i)},${y(p.score / 100)}`).join(' '), class: 'score-line' }));
  points.forEach((p, i) => {
    svg.appendChild(s('circle', { cx: x(i), cy: y(p.score / 100), r: 5, class: `score-dot dot-${p.band || ''}` }, s('title', null, `${p.label}: ${fmtScore(p.score)}`)));
    svg.appendChild(s('text', { x: x(i), y: y(p.score / 100) - 9, class: 'dot-value', 'text-anchor': 'middle' }, fmtScore(p.score)));
    svg.appendChild(s('text', { x: x(i), y: H - B + 18, class: 'tick', 'text-anchor': 'middle' }, p.label));
  });
  return svg;
}

export async function evalHistoryPage(ctx) {
  const pid = ctx.params[0];
  ctx.main.classList.add('wide');
  const person = await get(`/people/${pid}`, { signal: ctx.signal });
  ctx.setTitle(`Lịch sử điểm – ${person.full_name}`);
  const [assess, ratings, board] = await Promise.all([
    get(`/eval/people/${pid}/assessments`, { signal: ctx.signal }).then((r) => r.items),
    get(`/eval/people/${pid}/ratings`, { signal: ctx.signal }).then((r) => r.items),
    get(`/eval/people/${pid}/year-ratings`, { signal: ctx.signal }).then((r) => r.items),
  ]);
  const order = (a) => a.year * 100 + (a.period_kind === 'month' ? a.number : a.number * 3);
  const scored = assess.filter((a) => a.score_x100 !== null && a.score_x100 !== undefined).sort((a, b) => order(a) - order(b));
  const points = scored.map((a) => ({ label: `${a.period_kind === 'month' ? 'T' : 'Q'}${a.number}/${a.year}`, score: a.score_x100, band: a.band }));
  const years = [...new Set([...assess.map((a) => a.year), ...ratings.map((r) => r.year)])].sort((a, b) => b - a);
  const peerYear = years.find((y) => y >= 2026) || new Date().getFullYear();
  const peerBox = h('section', { class: 'panel', id: 'peer-box', 'aria-labelledby': 'peer-h' }, h('h2', { id: 'peer-h' }, `So sánh với người cùng vị trí (năm ${peerYear})`), h('p', { class: 'loading' }, 'Đang tải…'));
  const curPeriod = scored.length ? scored[scored.length - 1] : null;

  ctx.main.append(
    h('div', { class: 'page-head' },
      h('div', null, h('h1', null, `Lịch sử điểm, xếp loại: ${person.full_name}`), h('p', { class: 'subtitle' }, [person.title_name || person.position, person.unit_name].filter(Boolean).join(' – '))),
      h('div', { class: 'head-tools' },
        h('a', { class: 'btn', href: `#/eval/people/${pid}/period${curPeriod ? `?kind=${curPeriod.period_kind}&year=${curPeriod.year}&number=${curPeriod.number}` : ''}` }, 'Nhiệm vụ, kết quả theo kỳ'),
        role() !== 'staff' ? h('a', { class: 'btn', href: `#/people/${pid}` }, 'Hồ sơ') : null)),
    h('section', { class: 'panel', 'aria-labelledby': 'chart-h' }, h('h2', { id: 'chart-h' }, 'Điểm các kỳ đánh giá'),
      points.length ? h('figure', { class: 'eval-figure' }, scoreChart(points, `Điểm các kỳ của ${person.full_name}`),
        h('figcaption', { class: 'hint' }, 'Ngưỡng: từ 90 điểm HTXS, từ 70 HTT, từ 50 HTNV, dưới 50 KHT (NĐ 335/2025/NĐ-CP Điều 20).')) : h('p', { class: 'muted' }, 'Chưa có kỳ nào được chấm điểm.'),
      h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'period-table' },
        h('caption', null, 'Bảng điểm các kỳ'),
        h('thead', null, h('tr', null, ['Kỳ', 'Trạng thái', 'Điểm', 'Mức', 'Chế độ', 'Cập nhật'].map((x, i) => h('th', { scope: 'col', class: i === 2 ? 'num' : null }, x)))),
        h('tbody', null, assess.length ? [...assess].sort((a, b) => order(a) - order(b)).map((a) => h('tr', null,
          h('td', null, h('a', { href: `#/eval/people/${pid}/period?kind=${a.period_kind}&year=${a.year}&number=${a.number}` }, periodName(a.period_kind, a.number, a.year))),
          h('td', null, STATES[a.state] || a.state), h('td', { class: 'num' }, fmtScore(a.score_x100)), h('td', null, bandBadge(a.band)),
          h('td', null, REGIMES[a.regime] || a.regime || ''), h('td', null, fmtDateTime(a.updated_at))))
          : h('tr', null, h('td', { colspan: 6, class: 'muted' }, 'Chưa có phiếu đánh giá.')))))),
    boardSection(board),
    h('div', { class: 'grid-2' },
      h('section', { class: 'panel', 'aria-labelledby': 'years-h' }, h('h2', { id: 'years-h' }, 'Xếp loại các năm'),
        yearChart(ratings),
        h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'ratings-table' },
          h('caption', null, 'Kết quả xếp loại theo năm (kể cả kết quả đã ghi nhận trước đây)'),
          h('thead', null, h('tr', null, ['Năm', 'Mức', 'Điểm', 'Chế độ', 'Quyết định', 'Nguồn'].map((x, i) => h('th', { scope: 'col', class: i === 2 ? 'num' : null }, x)))),
          h('tbody', null, ratings.length ? ratings.map((r) => h('tr', null, h('td', null, String(r.year)), h('td', null, r.level_name || LEGACY[r.level] || BANDS[r.level] || r.level),
            h('td', { class: 'num' }, fmtScore(r.score_x100)), h('td', null, r.regime_name || REGIMES[r.regime] || r.regime), h('td', null, r.decision_no || ''), h('td', null, r.source || '')))
            : h('tr', null, h('td', { colspan: 6, class: 'muted' }, 'Chưa có kết quả xếp loại năm nào được ghi nhận.')))))),
      peerBox));
  loadPeers(peerBox, pid, peerYear, ctx.signal);
}

/** The person's rows of the unit's year rating board (GET /eval/people/{id}/year-ratings). */
function boardSection(rows) {
  return h('section', { class: 'panel', id: 'board-years', 'aria-labelledby': 'board-h' }, h('h2', { id: 'board-h' }, 'Kết quả xếp loại năm trên bảng xếp loại của đơn vị'),
    h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'board-year-table' },
      h('caption', null, 'Điểm năm, mức đề xuất, kết quả áp dụng giới hạn tỷ lệ HTXS và mức chính thức'),
      h('thead', null, h('tr', null, ['Năm', 'Đơn vị', 'Điểm năm', 'Số kỳ', 'Mức đề xuất', 'Giới hạn tỷ lệ HTXS', 'Mức chính thức', 'Ngày quyết định'].map((x, i) => h('th', { scope: 'col', class: i === 2 || i === 3 ? 'num' : null }, x)))),
      h('tbody', null, rows.length ? rows.map((r) => h('tr', { 'data-year': r.year },
        h('td', null, String(r.year)),
        h('td', null, r.unit_name || '', r.rating_unit_id !== r.unit_id && r.rating_unit_name ? h('div', { class: 'hint' }, r.rating_unit_name) : null,
          r.task_group_name ? h('div', { class: 'hint' }, `Nhóm: ${r.task_group_name}`) : null),
        h('td', { class: 'num' }, fmtScore(r.score_x100)),
        h('td', { class: 'num' }, num(r.periods) + (r.carried_over ? ` (${num(r.carried_over)} chuyển đến)` : '')),
        h('td', null, bandBadge(r.proposed_level)),
        h('td', null, CAP_STATUS[r.cap_status] || r.cap_status),
        h('td', null, r.final_level ? bandBadge(r.final_level) : h('span', { class: 'eval-unverified' }, 'Chưa quyết định')),
        h('td', null, r.decided_at ? fmtDate(String(r.decided_at).slice(0, 10)) : '')))
        : h('tr', null, h('td', { colspan: 8, class: 'muted' }, 'Chưa có trên bảng xếp loại năm nào.'))))));
}

const LEGACY = { htxs: 'Hoàn thành xuất sắc nhiệm vụ', htt: 'Hoàn thành tốt nhiệm vụ', htnv: 'Hoàn thành nhiệm vụ', htnv_han_che: 'Hoàn thành nhiệm vụ nhưng còn hạn chế về năng lực', kht: 'Không hoàn thành nhiệm vụ' };
const LEVEL_RANK = { HTXS: 4, htxs: 4, HTT: 3, htt: 3, HTNV: 2, htnv: 2, htnv_han_che: 1.5, KHT: 1, kht: 1 };

/** Bar chart: one bar per year, height by level. */
function yearChart(ratings) {
  const byYear = new Map();
  for (const r of ratings) byYear.set(r.year, r); // the last row of a year is the correction in force
  const rows = [...byYear.values()].sort((a, b) => a.year - b.year);
  if (!rows.length) return null;
  const W = 420, H = 180, L = 60, B = 28, bw = Math.min(48, (W - L - 10) / rows.length - 8);
  const y = (v) => 10 + ((4 - v) * (H - B - 10)) / 4;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'eval-chart eval-year-chart', role: 'img', 'aria-label': 'Mức xếp loại các năm: ' + rows.map((r) => `${r.year} ${r.level}`).join('; ') });
  ['KHT', 'HTNV', 'HTT', 'HTXS'].forEach((l, i) => {
    svg.appendChild(s('line', { x1: L, x2: W - 4, y1: y(i + 1), y2: y(i + 1), class: 'grid' }));
    svg.appendChild(s('text', { x: L - 6, y: y(i + 1) + 4, class: 'tick', 'text-anchor': 'end' }, l));
  });
  rows.forEach((r, i) => {
    const v = LEVEL_RANK[r.level] || 0;
    const bx = L + 8 + i * (bw + 8);
    svg.appendChild(s('rect', { x: bx, y: y(v), width: bw, height: y(0) - y(v), class: `bar bar-${String(r.level).toUpperCase()}` }, s('title', null, `${r.year}: ${r.level}`)));
    svg.appendChild(s('text', { x: bx + bw / 2, y: H - 8, class: 'tick', 'text-anchor': 'middle' }, String(r.year)));
  });
  return svg;
}

async function loadPeers(box, pid, year, signal) {
  const body = box.querySelector('.loading');
  try {
    const p = await get(`/eval/people/${pid}/peers?year=${year}`, { signal });
    const dist = p.distribution || {};
    const rows = Object.entries(dist);
    clear(body).className = '';
    body.replaceWith(h('div', { id: 'peer-body' },
      p.percentile !== undefined && p.percentile !== null ? h('p', null, 'Vị trí so với người cùng vị trí: ', h('strong', { id: 'peer-percentile' }, `bách phân vị ${num(p.percentile)}`),
        p.peers !== undefined ? ` trong ${num(p.peers)} người` : p.count !== undefined ? ` trong ${num(p.count)} người` : '', '.') : h('p', { class: 'muted' }, 'Chưa đủ dữ liệu để so sánh.'),
      rows.length ? h('table', { class: 'table' }, h('caption', null, 'Phân bố mức xếp loại của người cùng vị trí'),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Mức'), h('th', { scope: 'col', class: 'num' }, 'Số người'))),
        h('tbody', null, rows.map(([k, v]) => h('tr', null, h('td', null, BANDS[k] || k), h('td', { class: 'num' }, typeof v === 'number' ? num(v) : JSON.stringify(v)))))) : null));
  } catch (e) {
    if (e.name === 'AbortError') return;
    body.className = 'alert alert-error';
    body.setAttribute('role', 'alert');
    body.textContent = e.status === 404 || e.status === 405
      ? 'Không tải được so sánh với người cùng vị trí: máy chủ chưa hỗ trợ chức năng này.'
      : `Không tải được so sánh với người cùng vị trí: ${e.message}`;
  }
}
