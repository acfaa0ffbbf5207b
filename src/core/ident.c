/* Citizen identity number (số định danh cá nhân / CCCD), 12 digits,
 * TT 07/2016/TT-BCA Art. 7:
 *   digits 1-3  province (or country) code of birth registration, from the
 *               appendix of TT 07/2016: 0 + the 2-digit code of the 63
 *               provinces of QĐ 124/2004/QĐ-TTg (001 Hà Nội ... 096 Cà Mau);
 *   digit 4     century and sex: 0/1 = male/female born 1900-1999,
 *               2/3 = 2000-2099, 4/5 = 2100-2199, 6/7 = 2200-2299,
 *               8/9 = 2300-2399;
 *   digits 5-6  last two digits of the birth year;
 *   digits 7-12 random.
 * The 34 provinces formed on 1/7/2025 kept codes from this list
 * (QĐ 19/2025/QĐ-TTg, addendum.md B6), so the set of valid codes is unchanged. */
#include "core/ident.h"

#include <stddef.h>

struct province_code {
    int code;
    const char *name;
};

/* Provinces of the pre-2025 list (QĐ 124/2004/QĐ-TTg), in code order. */
static const struct province_code provinces[] = {
    {1, "Hà Nội"},          {2, "Hà Giang"},         {4, "Cao Bằng"},
    {6, "Bắc Kạn"},         {8, "Tuyên Quang"},      {10, "Lào Cai"},
    {11, "Điện Biên"},      {12, "Lai Châu"},        {14, "Sơn La"},
    {15, "Yên Bái"},        {17, "Hòa Bình"},        {19, "Thái Nguyên"},
    {20, "Lạng Sơn"},       {22, "Quảng Ninh"},      {24, "Bắc Giang"},
    {25, "Phú Thọ"},        {26, "Vĩnh Phúc"},       {27, "Bắc Ninh"},
    {30, "Hải Dương"},      {31, "Hải Phòng"},       {33, "Hưng Yên"},
    {34, "Thái Bình"},      {35, "Hà Nam"},          {36, "Nam Định"},
    {37, "Ninh Bình"},      {38, "Thanh Hóa"},       {40, "Nghệ An"},
    {42, "Hà Tĩnh"},        {44, "Quảng Bình"},      {45, "Quảng Trị"},
    {46, "Thừa Thiên Huế"}, {48, "Đà Nẵng"},         {49, "Quảng Nam"},
    {51, "Quảng Ngãi"},     {52, "Bình Định"},       {54, "Phú Yên"},
    {56, "Khánh Hòa"},      {58, "Ninh Thuận"},      {60, "Bình Thuận"},
    {62, "Kon Tum"},        {64, "Gia Lai"},         {66, "Đắk Lắk"},
    {67, "Đắk Nông"},       {68, "Lâm Đồng"},        {70, "Bình Phước"},
    {72, "Tây Ninh"},       {74, "Bình Dương"},      {75, "Đồng Nai"},
    {77, "Bà Rịa - Vũng Tàu"}, {79, "TP Hồ Chí Minh"}, {80, "Long An"},
    {82, "Tiền Giang"},     {83, "Bến Tre"},         {84, "Trà Vinh"},
    {86, "Vĩnh Long"},      {87, "Đồng Tháp"},       {89, "An Giang"},
    {91, "Kiên Giang"},     {92, "Cần Thơ"},         {93, "Hậu Giang"},
    {94, "Sóc Trăng"},      {95, "Bạc Liêu"},        {96, "Cà Mau"},
};
#define NPROVINCES (sizeof provinces / sizeof provinces[0])

const char *cccd_province_name(int code)
{
    for (size_t i = 0; i < NPROVINCES; i++)
        if (provinces[i].code == code)
            return provinces[i].name;
    return NULL;
}

int cccd_decode(const char *s, struct cccd_info *out)
{
    if (!s || !out)
        return -1;
    for (int i = 0; i < 12; i++)
        if (s[i] < '0' || s[i] > '9')
            return -1;
    if (s[12] != '\0')
        return -1;
    int g = s[3] - '0';
    out->province = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
    out->sex = g % 2 == 0 ? SEX_MALE : SEX_FEMALE;
    out->birth_year = 1900 + (g / 2) * 100 + (s[4] - '0') * 10 + (s[5] - '0');
    return 0;
}

enum cccd_error cccd_check(const char *s, int birth_year, int sex)
{
    struct cccd_info info;
    if (cccd_decode(s, &info) < 0)
        return CCCD_FORMAT;
    if (!cccd_province_name(info.province))
        return CCCD_PROVINCE;
    if (sex != 0 && sex != (int)info.sex)
        return CCCD_SEX;
    if (birth_year > 0 && birth_year != info.birth_year)
        return CCCD_YEAR;
    return CCCD_OK;
}

const char *cccd_error_message(enum cccd_error e)
{
    switch (e) {
    case CCCD_OK:
        return "Số định danh cá nhân hợp lệ.";
    case CCCD_FORMAT:
        return "Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số.";
    case CCCD_PROVINCE:
        return "Ba chữ số đầu của số CCCD không phải là mã tỉnh, thành phố nơi đăng ký khai sinh "
               "(TT 07/2016/TT-BCA Điều 7).";
    case CCCD_SEX:
        return "Chữ số thứ tư của số CCCD (mã thế kỷ và giới tính) không khớp với giới tính "
               "(TT 07/2016/TT-BCA Điều 7).";
    case CCCD_YEAR:
        return "Mã thế kỷ và hai chữ số năm sinh trong số CCCD không khớp với năm sinh "
               "(TT 07/2016/TT-BCA Điều 7).";
    }
    return "Số CCCD không hợp lệ.";
}
