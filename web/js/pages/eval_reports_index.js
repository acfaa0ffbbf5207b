// The year results' pages (issue 4, docs/evaluation-results.md):
//   #/eval/reports     hub linking the pages below (every role: staff see the publication only)
//   #/eval/published   the published year results of a unit, with versions
//   #/eval/peers       distribution in equivalent posts (?person=ID: the person's percentile)
//   #/eval/flags       KHT, below the threshold twice, anomalies (admin, officer, leader)
import { ensureStyles, evalReportsHubPage } from './eval_reports_common.js';
import { evalPublishedPage } from './eval_published.js';
import { evalPeersPage } from './eval_peers.js';
import { evalFlagsPage } from './eval_flags.js';

ensureStyles();

const OFFICIALS = ['admin', 'officer', 'leader'];

export const routes = [
  [/^\/eval\/reports$/, evalReportsHubPage],
  [/^\/eval\/published$/, evalPublishedPage],
  [/^\/eval\/peers$/, evalPeersPage, { roles: OFFICIALS }],
  [/^\/eval\/flags$/, evalFlagsPage, { roles: OFFICIALS }],
];

export const nav = [
  ['#/eval/reports', 'Kết quả đánh giá', ['admin', 'officer', 'leader', 'staff']],
];
