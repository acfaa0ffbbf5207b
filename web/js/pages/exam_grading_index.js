// Exam grading and results (issue 5; docs/exam-grading.md): the results
// page (ranking, ties, publication, export, appeals), the graders' page
// (anonymous essays) and the item statistics.
import { examGradingListPage, examResultsPage } from './exam_grading.js';
import { examMarkingPage } from './exam_grading_marking.js';
import { examItemStatsPage } from './exam_grading_stats.js';
import { examPublicResultsPage } from './exam_grading_public.js';

export const routes = [
  [/^\/exam\/grading$/, examGradingListPage, { roles: ['admin', 'officer'] }],
  [/^\/exam\/grading\/(\d+)$/, examResultsPage, {}],
  [/^\/exam\/grading\/(\d+)\/stats$/, examItemStatsPage, {}],
  [/^\/exam\/marking$/, examMarkingPage, {}],
  [/^\/exam\/public\/(\d+)$/, examPublicResultsPage, { public: true }],
];

// One entry (the header has little room): managers reach the results from the
// grading page's link.
export const nav = [
  ['#/exam/marking', 'Chấm thi', ['admin', 'officer', 'leader']],
];
