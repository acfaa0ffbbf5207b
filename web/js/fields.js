// The Mẫu 2C-BNV/2008 record as the API exposes it (docs/api.md, the
// editable fields of src/db/person.c): labels, input types, sections, and
// which fields a staff member may propose to change (self-service).

// type: text | textarea | date | int | sex | ethnicity | religion | level:<kind> | precision | cccd
export const FIELDS = [
  { name: 'full_name', label: 'Họ và tên khai sinh', item: '1', type: 'text', max: 120, required: true },
  { name: 'other_names', label: 'Tên gọi khác', item: '2', type: 'text', max: 120, self: true },
  { name: 'birth_date', label: 'Ngày sinh', item: '3', type: 'date', required: true },
  { name: 'birth_precision', label: 'Độ chính xác ngày sinh', item: '3', type: 'precision' },
  { name: 'sex', label: 'Giới tính', item: '3', type: 'sex', required: true },
  { name: 'birth_place', label: 'Nơi sinh', item: '4', type: 'text', max: 300, self: true },
  { name: 'home_town', label: 'Quê quán', item: '5', type: 'text', max: 300, self: true },
  { name: 'ethnicity_id', label: 'Dân tộc', item: '6', type: 'ethnicity', self: true },
  { name: 'religion_id', label: 'Tôn giáo', item: '7', type: 'religion', self: true },
  { name: 'permanent_address', label: 'Nơi đăng ký hộ khẩu thường trú', item: '8', type: 'text', max: 300, self: true },
  { name: 'current_address', label: 'Nơi ở hiện nay', item: '9', type: 'text', max: 300, self: true },
  { name: 'phone', label: 'Điện thoại', item: '9', type: 'text', max: 30, self: true },
  { name: 'email', label: 'Thư điện tử', item: '9', type: 'text', max: 120, self: true },
  { name: 'occupation_at_recruitment', label: 'Nghề nghiệp khi được tuyển dụng', item: '10', type: 'text', max: 200 },
  { name: 'recruitment_date', label: 'Ngày tuyển dụng', item: '11', type: 'date' },
  { name: 'recruitment_agency', label: 'Cơ quan tuyển dụng', item: '11', type: 'text', max: 200 },
  { name: 'main_duty', label: 'Công việc chính được giao', item: '13', type: 'textarea', max: 500 },
  { name: 'general_education', label: 'Trình độ giáo dục phổ thông', item: '15.1', type: 'text', max: 10, self: true },
  { name: 'professional_level', label: 'Trình độ chuyên môn cao nhất', item: '15.2', type: 'level:professional', self: true },
  { name: 'professional_major', label: 'Chuyên ngành', item: '15.2', type: 'text', max: 200, self: true },
  { name: 'theory_level', label: 'Lý luận chính trị', item: '15.3', type: 'level:theory', self: true },
  { name: 'mgmt_level', label: 'Quản lý nhà nước', item: '15.4', type: 'level:mgmt', self: true },
  { name: 'foreign_language', label: 'Ngoại ngữ', item: '15.5', type: 'text', max: 200, self: true },
  { name: 'it_level', label: 'Tin học', item: '15.6', type: 'level:it', self: true },
  { name: 'party_join_date', label: 'Ngày vào Đảng Cộng sản Việt Nam', item: '16', type: 'date' },
  { name: 'party_official_date', label: 'Ngày chính thức', item: '16', type: 'date' },
  { name: 'mass_org', label: 'Tham gia tổ chức chính trị – xã hội', item: '17', type: 'text', max: 300, self: true },
  { name: 'army_join_date', label: 'Ngày nhập ngũ', item: '18', type: 'date' },
  { name: 'army_leave_date', label: 'Ngày xuất ngũ', item: '18', type: 'date' },
  { name: 'army_rank', label: 'Quân hàm cao nhất', item: '18', type: 'text', max: 100 },
  { name: 'honor_title', label: 'Danh hiệu được phong tặng cao nhất', item: '19', type: 'text', max: 200 },
  { name: 'strengths', label: 'Sở trường công tác', item: '20', type: 'text', max: 300, self: true },
  { name: 'health_status', label: 'Tình trạng sức khỏe', item: '23', type: 'text', max: 200, self: true, group: 'health' },
  { name: 'height_cm', label: 'Chiều cao (cm)', item: '23', type: 'int', max: 250, self: true, group: 'health' },
  { name: 'weight_kg', label: 'Cân nặng (kg)', item: '23', type: 'int', max: 300, self: true, group: 'health' },
  { name: 'blood_type', label: 'Nhóm máu', item: '23', type: 'text', max: 5, self: true, group: 'health' },
  { name: 'war_invalid_grade', label: 'Là thương binh hạng', item: '24', type: 'text', max: 50 },
  { name: 'policy_family', label: 'Là con gia đình chính sách', item: '24', type: 'text', max: 200 },
  { name: 'cccd', label: 'Số CCCD', item: '25', type: 'cccd', max: 12, required: true },
  { name: 'id_issue_date', label: 'Ngày cấp CCCD', item: '25', type: 'date', self: true },
  { name: 'social_insurance_no', label: 'Số sổ BHXH', item: '26', type: 'text', max: 20 },
  { name: 'history_arrest', label: 'Khai rõ: bị bắt, bị tù (từ ngày tháng năm nào đến ngày tháng năm nào, ở đâu), đã khai báo cho ai, những vấn đề gì', item: '29', type: 'textarea', max: 2000, group: 'political' },
  { name: 'history_old_regime', label: 'Làm việc trong chế độ cũ (cơ quan, đơn vị nào, địa điểm, chức danh, chức vụ, thời gian)', item: '29', type: 'textarea', max: 2000, group: 'political' },
  { name: 'history_foreign', label: 'Tham gia hoặc có quan hệ với các tổ chức chính trị, kinh tế, xã hội nào ở nước ngoài', item: '29', type: 'textarea', max: 2000, group: 'political' },
  { name: 'remarks', label: 'Nhận xét, đánh giá của cơ quan, đơn vị quản lý', item: '32', type: 'textarea', max: 4000 },
];

export const FIELD = Object.fromEntries(FIELDS.map((f) => [f.name, f]));

/** Sections of the printed form, in order. */
export const SECTIONS = [
  { title: 'Thông tin chung', items: ['1', '2', '3', '4', '5', '6', '7', '8', '9'] },
  { title: 'Tuyển dụng và công tác', items: ['10', '11', '13'] },
  { title: 'Trình độ', items: ['15.1', '15.2', '15.3', '15.4', '15.5', '15.6'] },
  { title: 'Chính trị, quân ngũ, danh hiệu', items: ['16', '17', '18', '19', '20'] },
  { title: 'Sức khỏe, chính sách, giấy tờ', items: ['23', '24', '25', '26'] },
  { title: 'Đặc điểm lịch sử bản thân', items: ['29'] },
  { title: 'Nhận xét, đánh giá', items: ['32'] },
];

export const PRECISION = [
  [0, 'Ngày, tháng, năm'],
  [1, 'Tháng, năm'],
  [2, 'Chỉ năm'],
];

export const AGE_BANDS = [
  ['0-29', 'Dưới 30 tuổi'],
  ['30-39', 'Từ 30 đến 39'],
  ['40-49', 'Từ 40 đến 49'],
  ['50-59', 'Từ 50 đến 59'],
  ['60-120', 'Từ 60 tuổi'],
];

export const STATUS = [
  ['active', 'Đang công tác'],
  ['retired', 'Đã nghỉ hưu'],
  ['left', 'Đã thôi việc, chuyển công tác'],
];

export const UNIT_TYPES = {
  province: 'Tỉnh, thành phố', department: 'Sở, ban, ngành', division: 'Phòng, ban',
  commune: 'Xã', ward: 'Phường', special_zone: 'Đặc khu', service_unit: 'Đơn vị sự nghiệp',
  party_org: 'Tổ chức đảng', other: 'Khác',
};

/** History tables of a person: columns (API member, Vietnamese header, kind). */
export const HISTORIES = {
  postings: {
    title: 'Quá trình công tác', item: '12, 28',
    cols: [['valid_from', 'Từ ngày', 'date'], ['valid_to', 'Đến ngày', 'date'], ['unit_name', 'Đơn vị'], ['position', 'Vị trí việc làm'], ['title_name', 'Chức vụ'], ['decision_no', 'Số quyết định'], ['reason', 'Lý do']],
  },
  salary_history: {
    title: 'Diễn biến lương', item: '14, 31',
    cols: [['valid_from', 'Từ ngày', 'date'], ['valid_to', 'Đến ngày', 'date'], ['rank_name', 'Ngạch'], ['rank_code', 'Mã ngạch'], ['step', 'Bậc'], ['coef_x100', 'Hệ số', 'coef'], ['vk_percent', 'Vượt khung (%)'], ['decision_no', 'Số quyết định']],
  },
  training: {
    title: 'Đào tạo, bồi dưỡng', item: '27', api: 'training',
    cols: [['from_month', 'Từ tháng', 'month'], ['to_month', 'Đến tháng', 'month'], ['school', 'Tên trường'], ['major', 'Chuyên ngành'], ['form', 'Hình thức'], ['degree', 'Văn bằng, chứng chỉ']],
    edit: [['school', 'Tên trường', 'text', true], ['major', 'Chuyên ngành', 'text'], ['from_month', 'Từ tháng (mm/yyyy)', 'month'], ['to_month', 'Đến tháng (mm/yyyy)', 'month'], ['form', 'Hình thức đào tạo', 'text'], ['degree', 'Văn bằng, chứng chỉ', 'text']],
  },
  work_history: {
    title: 'Tóm tắt quá trình công tác', item: '28', api: 'work_history',
    cols: [['from_month', 'Từ tháng', 'month'], ['to_month', 'Đến tháng', 'month'], ['description', 'Chức danh, chức vụ, đơn vị công tác']],
    edit: [['from_month', 'Từ tháng (mm/yyyy)', 'month', true], ['to_month', 'Đến tháng (mm/yyyy)', 'month'], ['description', 'Chức danh, chức vụ, đơn vị công tác', 'text', true]],
  },
  family: {
    title: 'Quan hệ gia đình', item: '30', api: 'family', sensitive: true,
    cols: [['side', 'Bên', 'side'], ['relation', 'Quan hệ'], ['full_name', 'Họ và tên'], ['birth_year', 'Năm sinh'], ['details', 'Quê quán, nghề nghiệp, chức danh, chức vụ, đơn vị công tác, học tập, nơi ở'], ['political_history', 'Đặc điểm lịch sử']],
    edit: [['side', 'Bên', 'side', true], ['relation', 'Quan hệ (bố, mẹ, vợ, chồng, con…)', 'text', true], ['full_name', 'Họ và tên', 'text', true], ['birth_year', 'Năm sinh', 'year'], ['details', 'Quê quán, nghề nghiệp, nơi ở…', 'text'], ['political_history', 'Đặc điểm lịch sử', 'text']],
  },
  awards: {
    title: 'Khen thưởng', item: '21', api: 'awards',
    cols: [['year', 'Năm'], ['form', 'Hình thức khen thưởng'], ['authority', 'Cấp quyết định'], ['decision_no', 'Số quyết định']],
    edit: [['year', 'Năm', 'year', true], ['form', 'Hình thức khen thưởng', 'text', true], ['authority', 'Cấp quyết định', 'text'], ['decision_no', 'Số quyết định', 'text']],
  },
  discipline: {
    title: 'Kỷ luật', item: '22', api: 'discipline',
    cols: [['year', 'Năm'], ['form', 'Hình thức kỷ luật'], ['authority', 'Cấp quyết định'], ['decision_no', 'Số quyết định'], ['effective', 'Ngày hiệu lực', 'date'], ['reason', 'Lý do']],
    edit: [['year', 'Năm', 'year', true], ['form', 'Hình thức kỷ luật', 'text', true], ['authority', 'Cấp quyết định', 'text'], ['decision_no', 'Số quyết định', 'text'], ['effective', 'Ngày hiệu lực (dd/mm/yyyy)', 'date'], ['reason', 'Lý do', 'text']],
  },
};

export const AUDIT_ACTIONS = {
  'person.create': 'Tạo hồ sơ',
  'person.update': 'Sửa hồ sơ',
  'person.posting': 'Điều động, bổ nhiệm',
  'person.salary': 'Nâng lương, chuyển ngạch',
  'person.read_sensitive': 'Xem thông tin nhạy cảm',
  'person.bulk_create': 'Nhập hồ sơ hàng loạt',
  'proposal.create': 'Gửi đề nghị sửa hồ sơ',
  'proposal.apply': 'Áp dụng đề nghị đã duyệt',
  'proposal.decide': 'Quyết định đề nghị',
};
const KIND_VERB = { create: 'Thêm', update: 'Sửa', delete: 'Xóa' };
export function auditAction(a) {
  if (AUDIT_ACTIONS[a]) return AUDIT_ACTIONS[a];
  const m = /^person\.(\w+)\.(create|update|delete)$/.exec(a || '');
  if (m && HISTORIES[m[1]]) return `${KIND_VERB[m[2]]} dòng «${HISTORIES[m[1]].title}»`;
  return a;
}

export function fieldLabel(name) {
  const f = FIELD[name];
  if (f) return `${f.label} (${f.item})`;
  const extra = { unit_id: 'Đơn vị', position: 'Vị trí việc làm', title_id: 'Chức vụ', rank_code: 'Mã ngạch', salary_step: 'Bậc lương', effective: 'Ngày hiệu lực', decision_no: 'Số quyết định', reason: 'Lý do', vk_percent: 'Vượt khung (%)', groups: 'Nhóm thông tin' };
  return extra[name] || name;
}
