// Item statistics of an exam, for the bank's members: difficulty index,
// upper-lower 27% discrimination, option choice counts and options never chosen.
import { get } from '../api.js';
import { h } from '../util.js';
import { sortableTable } from '../table.js';

const TYPES = { single: 'Một lựa chọn', multiple: 'Nhiều lựa chọn', true_false: 'Đúng/Sai', short_answer: 'Trả lời ngắn', essay: 'Tự luận' };
const dec = (x) => (x === null || x === undefined ? '–' : x.toFixed(2).replace('.', ','));
const letter = (i) => String.fromCharCode(65 + i);

export async function examItemStatsPage(ctx) {
  const id = ctx.params[0];
  ctx.setTitle('Thống kê câu hỏi');
  const s = await get(`/exams/${id}/item-stats`, { signal: ctx.signal });
  ctx.main.append(
    h('div', { class: 'page-head' }, h('h1', null, 'Thống kê câu hỏi sau kỳ thi'), h('a', { class: 'btn', href: `#/exam/grading/${id}` }, 'Về kết quả')),
    h('p', { class: 'scope-line' }, `${s.candidates} bài đã chấm xong; nhóm cao và nhóm thấp mỗi nhóm ${s.group_size} bài (27%). `,
      'Độ khó = tỉ lệ điểm đạt được trên điểm tối đa (với câu trắc nghiệm: tỉ lệ trả lời đúng); độ phân biệt = độ khó ở nhóm cao trừ độ khó ở nhóm thấp.'),
    sortableTable({
      id: 'item-stats',
      caption: 'Theo từng phiên bản câu hỏi',
      rows: s.items,
      columns: [
        { key: 'question_id', label: 'Câu hỏi', cell: (x) => `#${x.question_id} (phiên bản ${x.version})` },
        { key: 'type', label: 'Loại', cell: (x) => TYPES[x.type] || x.type },
        { key: 'difficulty', label: 'Độ khó dự kiến', num: true, cell: (x) => x.difficulty },
        { key: 'responses', label: 'Số bài', num: true, cell: (x) => x.responses },
        { key: 'difficulty_index', label: 'Độ khó thực tế', num: true, cell: (x) => dec(x.difficulty_index) },
        { key: 'discrimination', label: 'Độ phân biệt', num: true, cell: (x) => h('span', { class: x.discrimination !== null && x.discrimination < 0.2 ? 'warn' : null }, dec(x.discrimination)) },
        { key: 'options', label: 'Số lần chọn phương án', cell: (x) => x.options.map((o) => `${letter(o.ord)}: ${o.chosen}`).join(' · ') },
        { key: 'never_chosen', label: 'Không ai chọn', cell: (x) => x.never_chosen.map(letter).join(', ') },
      ],
      csvName: `thong-ke-cau-hoi-${id}.csv`,
    }));
}
