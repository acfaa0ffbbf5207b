// Shared by the exam-grading pages: points in hundredths shown as "7,50".
import { fmtDateTime } from '../util.js';

export const fmtPts = (v) => (v === null || v === undefined ? '' : (v / 100).toFixed(2).replace('.', ','));

/** "7,5" / "7.50" / "8" -> 750; NaN when not a number with at most 2 decimals. */
export function parsePts(s) {
  const t = String(s).trim().replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return NaN;
  return Math.round(parseFloat(t) * 100);
}

export const TYPE_NAMES = {
  staff_test: 'Kiểm tra, sát hạch', recruit_r1: 'Thi tuyển – vòng 1', recruit_r2: 'Thi tuyển – vòng 2', leadership: 'Thi tuyển chức danh lãnh đạo',
};

/** The day of a UTC timestamp in Vietnam time, dd/mm/yyyy (publication dates). */
export const fmtLocalDay = (ts) => (ts ? fmtDateTime(ts).slice(0, 10) : '');
