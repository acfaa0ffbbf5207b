// Shared pieces of the evaluation pages: the period picker, names of
// states, bands and actions, score formatting, unit and people pickers.
import { get, unitsNow } from '../api.js';
import { h, clear, fmtNum } from '../util.js';

export const BANDS = { HTXS: 'Hoàn thành xuất sắc nhiệm vụ', HTT: 'Hoàn thành tốt nhiệm vụ', HTNV: 'Hoàn thành nhiệm vụ', KHT: 'Không hoàn thành nhiệm vụ', not_rated: 'Không xếp loại', undetermined: 'Chưa xác định' };
export const STATES = {
  draft: 'Đang soạn', submitted: 'Đã tự đánh giá', manager_reviewed: 'Quản lý trực tiếp đã nhận xét',
  head_reviewed: 'Người đứng đầu đã đánh giá', council_reviewed: 'Hội đồng đã xem xét', approved: 'Đã phê duyệt', returned: 'Bị trả lại',
};
export const ACTIONS = {
  submit: 'Tự đánh giá và gửi', manager_review: 'Quản lý trực tiếp nhận xét', head_review: 'Người đứng đầu đánh giá',
  council_review: 'Hội đồng xem xét', approve: 'Phê duyệt', return: 'Trả lại',
};
export const REGIMES = { nd335_2025: 'NĐ 335/2025/NĐ-CP', nd90_48_2023: 'NĐ 90/2020/NĐ-CP, sửa đổi bởi NĐ 48/2023/NĐ-CP', nd90_2020: 'NĐ 90/2020/NĐ-CP', nd56_2015: 'NĐ 56/2015/NĐ-CP', luat_cbcc_2008: 'Luật CBCC 22/2008/QH12 (Điều 29, Điều 58)', pre_2010: 'Trước Luật CBCC 2008 (mức ghi theo quyết định)' };
export const RESULT_STATUS = { unverified: 'Chưa xác minh', verified: 'Đã xác minh', rejected: 'Không xác nhận' };
export const EVIDENCE_KIND = { document: 'Số văn bản', dossier: 'Mã hồ sơ', file: 'Tệp', system: 'Hệ thống khác' };
export const CAP_STATUS = { unchanged: 'Giữ nguyên', kept: 'Giữ HTXS (trong giới hạn)', demoted: 'Chuyển xuống HTT (vượt giới hạn)', tie: 'Bằng điểm ở ranh giới: Hội đồng quyết định' };

/** 8291 -> '82,91'. */
export function fmtScore(x100) {
  if (x100 === null || x100 === undefined || x100 === '') return '';
  const n = typeof x100 === 'string' ? Math.round(parseFloat(x100) * 100) : x100;
  return (n / 100).toFixed(2).replace('.', ',');
}

/** '1,5' or '1.5' -> 150; null when not a number. */
export function parseX100(s) {
  const t = String(s ?? '').trim().replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return null;
  return Math.round(parseFloat(t) * 100);
}

export const periodName = (kind, number, year) => `${kind === 'month' ? 'Tháng' : 'Quý'} ${number}/${year}`;

/** The period in the address, or the current quarter. */
export function periodFrom(query) {
  const now = new Date();
  const kind = query.get('kind') === 'month' ? 'month' : 'quarter';
  const year = +query.get('year') || now.getFullYear();
  const max = kind === 'month' ? 12 : 4;
  let number = +query.get('number');
  if (!(number >= 1 && number <= max)) number = kind === 'month' ? now.getMonth() + 1 : Math.floor(now.getMonth() / 3) + 1;
  return { kind, year, number };
}

export const periodQuery = (p) => `kind=${p.kind}&year=${p.year}&number=${p.number}`;
export const periodApi = (p) => `year=${p.year}&period_kind=${p.kind}&number=${p.number}`;

/** Period fields (kind, year, number) calling onChange({kind, year, number}). */
export function periodPicker(p, onChange, idPrefix = 'period') {
  const kind = h('select', { id: idPrefix + '-kind' }, h('option', { value: 'quarter', selected: p.kind === 'quarter' }, 'Quý'), h('option', { value: 'month', selected: p.kind === 'month' }, 'Tháng'));
  const year = h('input', { id: idPrefix + '-year', type: 'number', min: 2000, max: 2100, value: String(p.year), class: 'eval-year' });
  const number = h('select', { id: idPrefix + '-number' });
  const fillNumbers = () => {
    const max = kind.value === 'month' ? 12 : 4;
    const cur = Math.min(+number.value || p.number, max);
    clear(number);
    for (let i = 1; i <= max; i++) number.appendChild(h('option', { value: i, selected: i === cur }, String(i)));
  };
  fillNumbers();
  const fire = () => onChange({ kind: kind.value, year: +year.value, number: +number.value });
  kind.addEventListener('change', () => { fillNumbers(); fire(); });
  number.addEventListener('change', fire);
  year.addEventListener('change', () => { if (+year.value >= 2000 && +year.value <= 2100) fire(); });
  return h('fieldset', { class: 'eval-period' }, h('legend', null, 'Kỳ đánh giá'),
    h('div', { class: 'field field-compact' }, h('label', { for: idPrefix + '-kind' }, 'Loại kỳ'), kind),
    h('div', { class: 'field field-compact' }, h('label', { for: idPrefix + '-number' }, 'Số kỳ'), number),
    h('div', { class: 'field field-compact' }, h('label', { for: idPrefix + '-year' }, 'Năm'), year));
}

/** A unit select filled from the units in scope. */
export async function unitSelect(id, value, onChange, signal) {
  const s = h('select', { id }, h('option', { value: '' }, '— Chọn đơn vị —'));
  const items = await unitsNow();
  if (signal?.aborted) return s;
  for (const u of items) s.appendChild(h('option', { value: u.id, selected: String(u.id) === String(value ?? '') }, '\u00a0\u00a0'.repeat(Math.min(u.depth, 6)) + u.name));
  s.addEventListener('change', () => onChange(s.value));
  return s;
}

/** Active people of a unit and its sub-units (at most 500), the unit's own first. */
export async function unitPeople(unitId, signal) {
  const r = await get(`/people?unit=${unitId}&per_page=500&sort=full_name`, { signal });
  const own = (p) => (String(p.unit_id) === String(unitId) ? 0 : 1);
  return [...r.items].sort((a, b) => own(a) - own(b));
}

export function badge(text, kind) { return h('span', { class: `eval-badge eval-badge-${kind}` }, text); }
export const bandBadge = (band) => (band ? h('abbr', { class: `eval-band eval-band-${band}`, title: BANDS[band] || band }, band) : '');

export function errorBox(id) { return h('div', { id, role: 'alert', class: 'eval-msg' }); }
export function showError(box, e) { clear(box).appendChild(h('div', { class: 'alert alert-error' }, typeof e === 'string' ? e : e.message)); }
export function showOk(box, text) { clear(box).appendChild(h('div', { class: 'alert alert-success' }, text)); }

export function field(id, label, input, hint) {
  return h('div', { class: 'field' }, h('label', { for: id }, label), input, hint ? h('span', { class: 'hint' }, hint) : null);
}

export const num = fmtNum;
