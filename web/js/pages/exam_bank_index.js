// Thi, sát hạch: question banks (subjects, topics, members, questions,
// .xlsx/.csv/.json import and export) and exams (blueprint, sittings,
// candidates, forms). docs/exams.md, docs/bank-format.md.
import { subjectsPage, subjectPage, questionPage } from './exam_bank.js';
import { examsPage, examNewPage, examPage } from './exam_bank_exams.js';

const ALL = ['admin', 'officer', 'leader', 'staff'];
const MANAGERS = ['admin', 'officer'];

export const routes = [
  [/^\/exam$/, subjectsPage, { roles: ALL }],
  [/^\/exam\/subjects\/(\d+)$/, subjectPage, { roles: ALL }],
  [/^\/exam\/subjects\/(\d+)\/questions\/new$/, questionPage, { roles: ALL }],
  [/^\/exam\/questions\/(\d+)$/, questionPage, { roles: ALL }],
  [/^\/exam\/exams$/, examsPage, { roles: MANAGERS }],
  [/^\/exam\/exams\/new$/, examNewPage, { roles: MANAGERS }],
  [/^\/exam\/exams\/(\d+)$/, examPage, { roles: ALL }],
];

export const nav = [['#/exam', 'Thi, sát hạch', ALL]];
