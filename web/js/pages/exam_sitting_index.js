// Pages of the online sitting (issue 5; docs/exam-sitting.md): the
// candidate's page (public, bare: candidates have no staff account) and the
// exam board's live view (the server decides who may see a sitting: 404
// outside managers and the subject's board).
import { sittingPage } from './exam_sitting.js';
import { sittingBoardIndexPage, sittingLivePage } from './exam_sitting_board.js';

export const routes = [
  [/^\/thi$/, sittingPage, { public: true, bare: true }],
  [/^\/thi-truc-tuyen$/, sittingBoardIndexPage, { roles: ['admin', 'officer', 'leader', 'staff'] }],
  [/^\/thi-truc-tuyen\/(\d+)\/(\d+)$/, sittingLivePage, { roles: ['admin', 'officer', 'leader', 'staff'] }],
];
export const nav = [
  ['#/thi-truc-tuyen', 'Thi trực tuyến', ['admin', 'officer']],
];
