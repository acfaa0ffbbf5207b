// Evaluation by product (issue 4): routes and navigation entries.
//   #/eval/tasks            giao nhiệm vụ, danh mục sản phẩm (officer, leader)
//   #/eval/verify           kết quả chờ xác minh (the verifier's queue)
//   #/eval/people/{id}/period?kind&year&number  nhiệm vụ, kết quả, phiếu đánh giá một kỳ
//   #/eval/people/{id}      lịch sử điểm, xếp loại (charts)
//   #/eval/board            bảng xếp loại năm của đơn vị (officer, admin)
//   #/eval/me               staff: their own current period
//   #/eval/reminders        việc cần làm: what awaits the user (every role)
//   #/eval/import           nạp kết quả (hệ thống khác) và xếp loại các năm trước từ .csv/.xlsx/.json (officer, admin)
//   #/eval/deadlines        thời hạn từng bước theo đơn vị, kỳ (officer, admin set; leader reads)
import { evalTasksPage } from './eval_tasks.js';
import { evalPeriodPage, evalMePage } from './eval_period.js';
import { evalVerifyPage } from './eval_verify.js';
import { evalBoardPage } from './eval_board.js';
import { evalHistoryPage } from './eval_history.js';
import { evalRemindersPage, evalDeadlinesPage } from './eval_reminders.js';
import { evalImportPage } from './eval_import.js';

export const routes = [
  [/^\/eval$/, evalTasksPage, { roles: ['admin', 'officer', 'leader'] }],
  [/^\/eval\/tasks$/, evalTasksPage, { roles: ['admin', 'officer', 'leader'] }],
  [/^\/eval\/verify$/, evalVerifyPage],
  [/^\/eval\/import$/, evalImportPage, { roles: ['admin', 'officer'] }],
  [/^\/eval\/board$/, evalBoardPage, { roles: ['admin', 'officer'] }],
  [/^\/eval\/me$/, evalMePage, { roles: ['staff'] }],
  [/^\/eval\/reminders$/, evalRemindersPage],
  [/^\/eval\/deadlines$/, evalDeadlinesPage, { roles: ['admin', 'officer', 'leader'] }],
  [/^\/eval\/people\/(\d+)\/period$/, evalPeriodPage],
  [/^\/eval\/people\/(\d+)$/, evalHistoryPage],
];

export const nav = [
  ['#/eval/tasks', 'Đánh giá', ['admin', 'officer', 'leader']],
  ['#/eval/verify', 'Chờ xác minh', ['admin', 'officer', 'leader', 'staff']],
  ['#/eval/board', 'Xếp loại năm', ['admin', 'officer']],
  ['#/eval/me', 'Đánh giá của tôi', ['staff']],
  ['#/eval/reminders', 'Việc cần làm', ['staff']],
];
