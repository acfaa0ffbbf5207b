-- canbo reference data, version 2: salary table, ranks, ethnic groups,
-- religions, education/training levels, leadership titles.
-- Sources: ../shared/domain/rules.md §8-§9, addendum.md Part B. Rows whose
-- legal value was not read in a published copy are marked [M] (from memory,
-- unverified) in the source column or in a comment.

-- NĐ 204/2004/NĐ-CP, Bảng 2 (rules.md §9.2): coefficient x 100 by group and step.
-- Self-check: steps rise by a constant increment per group
-- (A3 36, A2 34, A1 33, A0 31, B 20, C 18). C2 and C3 are [V-code].
INSERT INTO ref_salary_step (salary_group, step, coef_x100) VALUES
  ('A3.1', 1, 620), ('A3.1', 2, 656), ('A3.1', 3, 692), ('A3.1', 4, 728), ('A3.1', 5, 764), ('A3.1', 6, 800),
  ('A3.2', 1, 575), ('A3.2', 2, 611), ('A3.2', 3, 647), ('A3.2', 4, 683), ('A3.2', 5, 719), ('A3.2', 6, 755),
  ('A2.1', 1, 440), ('A2.1', 2, 474), ('A2.1', 3, 508), ('A2.1', 4, 542), ('A2.1', 5, 576), ('A2.1', 6, 610), ('A2.1', 7, 644), ('A2.1', 8, 678),
  ('A2.2', 1, 400), ('A2.2', 2, 434), ('A2.2', 3, 468), ('A2.2', 4, 502), ('A2.2', 5, 536), ('A2.2', 6, 570), ('A2.2', 7, 604), ('A2.2', 8, 638),
  ('A1', 1, 234), ('A1', 2, 267), ('A1', 3, 300), ('A1', 4, 333), ('A1', 5, 366), ('A1', 6, 399), ('A1', 7, 432), ('A1', 8, 465), ('A1', 9, 498),
  ('A0', 1, 210), ('A0', 2, 241), ('A0', 3, 272), ('A0', 4, 303), ('A0', 5, 334), ('A0', 6, 365), ('A0', 7, 396), ('A0', 8, 427), ('A0', 9, 458), ('A0', 10, 489),
  ('B', 1, 186), ('B', 2, 206), ('B', 3, 226), ('B', 4, 246), ('B', 5, 266), ('B', 6, 286), ('B', 7, 306), ('B', 8, 326), ('B', 9, 346), ('B', 10, 366), ('B', 11, 386), ('B', 12, 406),
  ('C1', 1, 165), ('C1', 2, 183), ('C1', 3, 201), ('C1', 4, 219), ('C1', 5, 237), ('C1', 6, 255), ('C1', 7, 273), ('C1', 8, 291), ('C1', 9, 309), ('C1', 10, 327), ('C1', 11, 345), ('C1', 12, 363),
  ('C2', 1, 150), ('C2', 2, 168), ('C2', 3, 186), ('C2', 4, 204), ('C2', 5, 222), ('C2', 6, 240), ('C2', 7, 258), ('C2', 8, 276), ('C2', 9, 294), ('C2', 10, 312), ('C2', 11, 330), ('C2', 12, 348),
  ('C3', 1, 135), ('C3', 2, 153), ('C3', 3, 171), ('C3', 4, 189), ('C3', 5, 207), ('C3', 6, 225), ('C3', 7, 243), ('C3', 8, 261), ('C3', 9, 279), ('C3', 10, 297), ('C3', 11, 315), ('C3', 12, 333);

-- Ranks (ngạch). rank_group = Luật CBCC 80/2025/QH15 Art. 24 groups:
-- chuyen_gia_cao_cap, chuyen_vien_cao_cap, chuyen_vien_chinh, chuyen_vien,
-- can_su, nhan_vien (each "và tương đương").
INSERT INTO ref_rank (code, name, salary_group, rank_group, source) VALUES
  ('01.001', 'Chuyên viên cao cấp', 'A3.1', 'chuyen_vien_cao_cap', 'TT 02/2021/TT-BNV'),
  ('01.002', 'Chuyên viên chính', 'A2.1', 'chuyen_vien_chinh', 'TT 02/2021/TT-BNV'),
  ('01.003', 'Chuyên viên', 'A1', 'chuyen_vien', 'TT 02/2021/TT-BNV'),
  ('01.004', 'Cán sự', 'A0', 'can_su', 'TT 02/2021/TT-BNV'),
  ('01.005', 'Nhân viên', 'B', 'nhan_vien', 'TT 02/2021/TT-BNV'),
  ('02.006', 'Văn thư viên chính', 'A2.1', 'chuyen_vien_chinh', 'TT 02/2021/TT-BNV'),
  ('02.007', 'Văn thư viên', 'A1', 'chuyen_vien', 'TT 02/2021/TT-BNV'),
  ('02.008', 'Văn thư viên trung cấp', 'B', 'can_su', 'TT 02/2021/TT-BNV'),
  -- Sector ranks: codes and groups from memory (rules.md §9.1), verify against
  -- the sector circulars before relying on them.
  ('04.023', 'Thanh tra viên cao cấp', 'A3.1', 'chuyen_vien_cao_cap', '[M] chưa xác minh (ngạch thanh tra)'),
  ('04.024', 'Thanh tra viên chính', 'A2.1', 'chuyen_vien_chinh', '[M] chưa xác minh (ngạch thanh tra)'),
  ('04.025', 'Thanh tra viên', 'A1', 'chuyen_vien', '[M] chưa xác minh (ngạch thanh tra)'),
  ('06.029', 'Kế toán viên cao cấp', 'A3.2', 'chuyen_vien_cao_cap', '[M] chưa xác minh (ngạch kế toán)'),
  ('06.030', 'Kế toán viên chính', 'A2.2', 'chuyen_vien_chinh', '[M] chưa xác minh (ngạch kế toán)'),
  ('06.031', 'Kế toán viên', 'A1', 'chuyen_vien', '[M] chưa xác minh (ngạch kế toán)'),
  ('06.032', 'Kế toán viên trung cấp', 'A0', 'can_su', '[M] chưa xác minh (ngạch kế toán)'),
  -- Viên chức professional titles (chức danh nghề nghiệp), paid on NĐ 204
  -- Bảng 3 whose A/B values equal Bảng 2. Codes, groups and the mapping of
  -- hạng I/II/III/IV onto the Art. 24 groups are from memory: [M].
  ('V.07.02.24', 'Giáo viên mầm non hạng I', 'A2.2', 'chuyen_vien_chinh', '[M] chưa xác minh (TT 01/2021/TT-BGDĐT)'),
  ('V.07.02.25', 'Giáo viên mầm non hạng II', 'A1', 'chuyen_vien', '[M] chưa xác minh (TT 01/2021/TT-BGDĐT)'),
  ('V.07.02.26', 'Giáo viên mầm non hạng III', 'A0', 'can_su', '[M] chưa xác minh (TT 01/2021/TT-BGDĐT)'),
  ('V.07.03.27', 'Giáo viên tiểu học hạng I', 'A2.1', 'chuyen_vien_chinh', '[M] chưa xác minh (TT 02/2021/TT-BGDĐT)'),
  ('V.07.03.28', 'Giáo viên tiểu học hạng II', 'A2.2', 'chuyen_vien_chinh', '[M] chưa xác minh (TT 02/2021/TT-BGDĐT)'),
  ('V.07.03.29', 'Giáo viên tiểu học hạng III', 'A1', 'chuyen_vien', '[M] chưa xác minh (TT 02/2021/TT-BGDĐT)'),
  ('V.07.04.30', 'Giáo viên trung học cơ sở hạng I', 'A2.1', 'chuyen_vien_chinh', '[M] chưa xác minh (TT 03/2021/TT-BGDĐT)'),
  ('V.07.04.31', 'Giáo viên trung học cơ sở hạng II', 'A2.2', 'chuyen_vien_chinh', '[M] chưa xác minh (TT 03/2021/TT-BGDĐT)'),
  ('V.07.04.32', 'Giáo viên trung học cơ sở hạng III', 'A1', 'chuyen_vien', '[M] chưa xác minh (TT 03/2021/TT-BGDĐT)'),
  ('V.07.05.13', 'Giáo viên trung học phổ thông hạng I', 'A2.1', 'chuyen_vien_chinh', '[M] chưa xác minh (TT 04/2021/TT-BGDĐT)'),
  ('V.07.05.14', 'Giáo viên trung học phổ thông hạng II', 'A2.2', 'chuyen_vien_chinh', '[M] chưa xác minh (TT 04/2021/TT-BGDĐT)'),
  ('V.07.05.15', 'Giáo viên trung học phổ thông hạng III', 'A1', 'chuyen_vien', '[M] chưa xác minh (TT 04/2021/TT-BGDĐT)'),
  ('V.08.01.01', 'Bác sĩ cao cấp (hạng I)', 'A3.1', 'chuyen_vien_cao_cap', '[M] chưa xác minh (ngạch y tế)'),
  ('V.08.01.02', 'Bác sĩ chính (hạng II)', 'A2.1', 'chuyen_vien_chinh', '[M] chưa xác minh (ngạch y tế)'),
  ('V.08.01.03', 'Bác sĩ (hạng III)', 'A1', 'chuyen_vien', '[M] chưa xác minh (ngạch y tế)'),
  ('V.08.05.12', 'Điều dưỡng hạng III', 'A1', 'chuyen_vien', '[M] chưa xác minh (ngạch y tế)'),
  ('V.08.05.13', 'Điều dưỡng hạng IV', 'B', 'can_su', '[M] chưa xác minh (ngạch y tế)');

-- The 54 ethnic groups (addendum.md B1). id = position in the 2008 list;
-- code_1979 = QĐ 121-TCTK/PPCĐ (02/3/1979), code_2008 = QĐ 1019/QĐ-TCTK
-- (12/11/2008; codes 21-54 are [M, code-corroborated], and one list seen
-- swaps 25 Cơ-tu / 26 Giáy). Names follow the 2008 list ("Kinh" = "Kinh (Việt)",
-- "Hoa" = "Hoa (Hán)", "HMông" = "HMông (Mèo)", "Sán Chay" = "Sán Chay (Cao
-- Lan-Sán Chỉ)"; the 1979 spellings "Gié-Triêng" and "Co Lao" are the same groups).
INSERT INTO ref_ethnicity (id, name, code_1979, code_2008) VALUES
  (1, 'Kinh', '01', '01'),
  (2, 'Tày', '02', '02'),
  (3, 'Thái', '03', '03'),
  (4, 'Mường', '06', '04'),
  (5, 'Khơ-me', '05', '05'),
  (6, 'Hoa', '04', '06'),
  (7, 'Nùng', '07', '07'),
  (8, 'HMông', '08', '08'),
  (9, 'Dao', '09', '09'),
  (10, 'Gia-rai', '10', '10'),
  (11, 'Ê-đê', '12', '11'),
  (12, 'Ba-na', '13', '12'),
  (13, 'Sán Chay', '15', '13'),
  (14, 'Chăm', '17', '14'),
  (15, 'Cơ-ho', '16', '15'),
  (16, 'Xơ-đăng', '14', '16'),
  (17, 'Sán Dìu', '18', '17'),
  (18, 'Hrê', '19', '18'),
  (19, 'Ra-glai', '21', '19'),
  (20, 'Mnông', '20', '20'),
  (21, 'Thổ', '24', '21'),
  (22, 'Xtiêng', '22', '22'),
  (23, 'Khơ-mú', '29', '23'),
  (24, 'Bru-Vân Kiều', '23', '24'),
  (25, 'Cơ-tu', '26', '25'),
  (26, 'Giáy', '25', '26'),
  (27, 'Tà-ôi', '31', '27'),
  (28, 'Mạ', '28', '28'),
  (29, 'Giẻ-Triêng', '27', '29'),
  (30, 'Co', '30', '30'),
  (31, 'Chơ-ro', '32', '31'),
  (32, 'Xinh-mun', '34', '32'),
  (33, 'Hà Nhì', '35', '33'),
  (34, 'Chu-ru', '36', '34'),
  (35, 'Lào', '37', '35'),
  (36, 'La Chí', '38', '36'),
  (37, 'Kháng', '33', '37'),
  (38, 'Phù Lá', '40', '38'),
  (39, 'La Hủ', '41', '39'),
  (40, 'La Ha', '39', '40'),
  (41, 'Pà Thẻn', '46', '41'),
  (42, 'Lự', '42', '42'),
  (43, 'Ngái', '11', '43'),
  (44, 'Chứt', '44', '44'),
  (45, 'Lô Lô', '43', '45'),
  (46, 'Mảng', '45', '46'),
  (47, 'Cơ Lao', '47', '47'),
  (48, 'Bố Y', '49', '48'),
  (49, 'Cống', '48', '49'),
  (50, 'Si La', '50', '50'),
  (51, 'Pu Péo', '51', '51'),
  (52, 'Rơ-măm', '54', '52'),
  (53, 'Brâu', '52', '53'),
  (54, 'Ơ Đu', '53', '54');

-- Religions (addendum.md B2). gso_code = QĐ 1019/QĐ-TCTK (2008); 14 added by
-- QĐ 132/QĐ-TGCP (30/5/2014). L15 and L16 are local codes, NOT GSO codes: the
-- two religions beyond the 14 that the state recognises (16 in all) [M].
INSERT INTO ref_religion (id, name, gso_code) VALUES
  (1, 'Không', NULL),
  (2, 'Phật giáo', '01'),
  (3, 'Công giáo', '02'),
  (4, 'Phật giáo Hòa Hảo', '03'),
  (5, 'Hồi giáo', '04'),
  (6, 'Cao Đài', '05'),
  (7, 'Minh Sư đạo', '06'),
  (8, 'Minh Lý đạo', '07'),
  (9, 'Tin Lành', '08'),
  (10, 'Tịnh độ Cư sĩ Phật hội Việt Nam', '09'),
  (11, 'Đạo Tứ Ân Hiếu Nghĩa', '10'),
  (12, 'Bửu Sơn Kỳ Hương', '11'),
  (13, 'Đạo Baha''i', '12'),
  (14, 'Bà La Môn', '13'),
  (15, 'Mặc Môn', '14'),
  (16, 'Phật hội Hiếu Nghĩa Tà Lơn', 'L15'),
  (17, 'Cơ đốc Phục lâm', 'L16'),
  (18, 'Khác', NULL);

-- Levels used in the 2C form (addendum.md B3). ord rises with the level
-- (a higher ord is a higher qualification within its kind), so "at least X"
-- is ord >= X.ord; legacy certificate schemes sort below the current ones.
INSERT INTO ref_level (kind, code, name, ord) VALUES
  -- 15.2 Trình độ chuyên môn [M]
  ('professional', 'so_cap', 'Sơ cấp', 1),
  ('professional', 'trung_cap', 'Trung cấp', 2),
  ('professional', 'cao_dang', 'Cao đẳng', 3),
  ('professional', 'dai_hoc', 'Đại học', 4),
  ('professional', 'thac_si', 'Thạc sĩ', 5),
  ('professional', 'tien_si', 'Tiến sĩ', 6),
  ('professional', 'tien_si_kh', 'Tiến sĩ khoa học', 7),
  -- 15.3 Lý luận chính trị [V]; cu_nhan_ct and cao_cap_llct_hc as standards text
  ('theory', 'so_cap', 'Sơ cấp lý luận chính trị', 1),
  ('theory', 'trung_cap', 'Trung cấp lý luận chính trị', 2),
  ('theory', 'cao_cap', 'Cao cấp lý luận chính trị', 3),
  ('theory', 'cao_cap_llct_hc', 'Cao cấp lý luận chính trị – hành chính', 4),
  ('theory', 'cu_nhan_ct', 'Cử nhân chính trị', 5),
  -- 15.4 Quản lý nhà nước (bồi dưỡng theo tiêu chuẩn ngạch) [M]
  ('mgmt', 'can_su', 'Cán sự', 1),
  ('mgmt', 'chuyen_vien', 'Chuyên viên', 2),
  ('mgmt', 'chuyen_vien_chinh', 'Chuyên viên chính', 3),
  ('mgmt', 'chuyen_vien_cao_cap', 'Chuyên viên cao cấp', 4),
  -- 15.6 Tin học: TT 03/2014/TT-BTTTT [V]; legacy A/B/C certificates (equivalence [M])
  ('it', 'cc_a', 'Chứng chỉ tin học A (cũ)', 1),
  ('it', 'cc_b', 'Chứng chỉ tin học B (cũ)', 2),
  ('it', 'cc_c', 'Chứng chỉ tin học C (cũ)', 3),
  ('it', 'co_ban', 'Ứng dụng CNTT cơ bản', 4),
  ('it', 'nang_cao', 'Ứng dụng CNTT nâng cao', 5),
  -- 15.5 Ngoại ngữ: 6-level framework TT 01/2014/TT-BGDĐT [V]; legacy A/B/C
  -- (A≈bậc 1, B≈bậc 2, C≈bậc 3 is [M])
  ('language', 'cc_a', 'Chứng chỉ A (cũ)', 1),
  ('language', 'cc_b', 'Chứng chỉ B (cũ)', 2),
  ('language', 'cc_c', 'Chứng chỉ C (cũ)', 3),
  ('language', 'bac1', 'Bậc 1 (A1)', 4),
  ('language', 'bac2', 'Bậc 2 (A2)', 5),
  ('language', 'bac3', 'Bậc 3 (B1)', 6),
  ('language', 'bac4', 'Bậc 4 (B2)', 7),
  ('language', 'bac5', 'Bậc 5 (C1)', 8),
  ('language', 'bac6', 'Bậc 6 (C2)', 9);

-- Leadership titles (chức vụ) and position allowance coefficient x 100
-- (addendum.md B4; the "other provinces" column; Hà Nội / TP HCM differ).
-- level: 1 = highest; a unit's head has an odd level and its deputies the
-- next even one; codes of deputies start with 'P'.
-- Status of the allowances:
--   * sở rows (GD_SO, PGD_SO, TP_SO, PTP_SO): NĐ 204/2004 as guided by
--     TT 02/2005/TT-BNV, [M]; whether NĐ 07/2026 changed them: not verified.
--   * chi cục rows (CCT_SO, PCCT_SO, TP_CC, PTP_CC): [V].
--   * commune UBND rows (CT_UBND_XA, PCT_UBND_XA, TP_XA, PTP_XA): NĐ 07/2026, from 1/1/2026 [V].
--   * Chánh Văn phòng UBND tỉnh / Chánh Thanh tra tỉnh as "equivalent to
--     giám đốc sở", Chánh văn phòng sở as trưởng phòng, Chánh Văn phòng HĐND
--     và UBND xã and Giám đốc Trung tâm Phục vụ hành chính công xã as trưởng
--     phòng thuộc UBND xã: [M] by equivalence.
--   * NULL = not known: provincial chair and vice-chairs (NĐ 204 has an own
--     table for elected posts), public service units (depend on the unit's
--     class), school principals, commune health stations, and the commune
--     party and HĐND posts after 1/1/2026 (not verified, addendum.md B4).
INSERT INTO ref_title (id, code, name, level, allowance_x100, is_leader) VALUES
  (1, 'CT_UBND_TINH', 'Chủ tịch Ủy ban nhân dân tỉnh, thành phố', 1, NULL, 1),
  (2, 'PCT_UBND_TINH', 'Phó Chủ tịch Ủy ban nhân dân tỉnh, thành phố', 2, NULL, 1),
  (3, 'GD_SO', 'Giám đốc sở', 3, 90, 1),
  (4, 'PGD_SO', 'Phó Giám đốc sở', 4, 70, 1),
  (5, 'CVP_UBND_TINH', 'Chánh Văn phòng Ủy ban nhân dân tỉnh, thành phố', 3, 90, 1),
  (6, 'PCVP_UBND_TINH', 'Phó Chánh Văn phòng Ủy ban nhân dân tỉnh, thành phố', 4, 70, 1),
  (7, 'CHANH_TT_TINH', 'Chánh Thanh tra tỉnh, thành phố', 3, 90, 1),
  (8, 'PCHANH_TT_TINH', 'Phó Chánh Thanh tra tỉnh, thành phố', 4, 70, 1),
  (9, 'TP_SO', 'Trưởng phòng thuộc sở', 5, 50, 1),
  (10, 'PTP_SO', 'Phó Trưởng phòng thuộc sở', 6, 30, 1),
  (11, 'CVP_SO', 'Chánh Văn phòng sở', 5, 50, 1),
  (12, 'PCVP_SO', 'Phó Chánh Văn phòng sở', 6, 30, 1),
  (13, 'CCT_SO', 'Chi cục trưởng thuộc sở', 5, 70, 1),
  (14, 'PCCT_SO', 'Phó Chi cục trưởng thuộc sở', 6, 50, 1),
  (15, 'TP_CC', 'Trưởng phòng thuộc chi cục', 7, 30, 1),
  (16, 'PTP_CC', 'Phó Trưởng phòng thuộc chi cục', 8, 20, 1),
  (17, 'GD_DVSN', 'Giám đốc đơn vị sự nghiệp công lập', 5, NULL, 1),
  (18, 'PGD_DVSN', 'Phó Giám đốc đơn vị sự nghiệp công lập', 6, NULL, 1),
  (19, 'HT_TRUONG', 'Hiệu trưởng', 5, NULL, 1),
  (20, 'PHT_TRUONG', 'Phó Hiệu trưởng', 6, NULL, 1),
  (21, 'CT_UBND_XA', 'Chủ tịch Ủy ban nhân dân xã, phường, đặc khu', 3, 60, 1),
  (22, 'PCT_UBND_XA', 'Phó Chủ tịch Ủy ban nhân dân xã, phường, đặc khu', 4, 50, 1),
  (23, 'TP_XA', 'Trưởng phòng thuộc Ủy ban nhân dân xã', 5, 25, 1),
  (24, 'PTP_XA', 'Phó Trưởng phòng thuộc Ủy ban nhân dân xã', 6, 15, 1),
  (25, 'CVP_XA', 'Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã', 5, 25, 1),
  (26, 'PCVP_XA', 'Phó Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã', 6, 15, 1),
  (27, 'GD_TTPVHCC_XA', 'Giám đốc Trung tâm Phục vụ hành chính công xã', 5, 25, 1),
  (28, 'PGD_TTPVHCC_XA', 'Phó Giám đốc Trung tâm Phục vụ hành chính công xã', 6, 15, 1),
  (29, 'TRAM_TRUONG_YT', 'Trạm trưởng Trạm Y tế', 5, NULL, 1),
  (30, 'PTRAM_TRUONG_YT', 'Phó Trạm trưởng Trạm Y tế', 6, NULL, 1),
  (31, 'BT_DU_XA', 'Bí thư Đảng ủy xã, phường, đặc khu', 3, NULL, 1),
  (32, 'PBT_DU_XA', 'Phó Bí thư Đảng ủy xã, phường, đặc khu', 4, NULL, 1),
  (33, 'CT_HDND_XA', 'Chủ tịch Hội đồng nhân dân xã, phường, đặc khu', 3, NULL, 1),
  (34, 'PCT_HDND_XA', 'Phó Chủ tịch Hội đồng nhân dân xã, phường, đặc khu', 4, NULL, 1);
