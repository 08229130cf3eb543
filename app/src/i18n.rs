//! Interface text, Chinese first. One table, checked by the compiler: a key missing in either
//! language does not build.
use crate::prefs::Lang;

macro_rules! strings {
    ($($key:ident: $zh:expr, $en:expr;)*) => {
        pub struct Strings { $(pub $key: &'static str,)* }
        pub static ZH: Strings = Strings { $($key: $zh,)* };
        pub static EN: Strings = Strings { $($key: $en,)* };
    };
}

strings! {
    site_name: "邻里", "Linli";
    site_tagline: "社区政务服务", "Community services";
    skip_to_main: "跳到主要内容", "Skip to main content";
    nav_home: "首页", "Home";
    nav_services: "办事指南", "Services";
    nav_me: "我的", "My account";
    nav_sign_in: "登录", "Sign in";
    nav_register: "注册", "Register";
    nav_sign_out: "退出登录", "Sign out";
    nav_settings: "设置", "Settings";
    nav_staff: "居民核验", "Verify residents";
    main_nav: "主导航", "Main navigation";
    to_elder: "长辈版", "Large-text mode";
    to_standard: "标准版", "Standard mode";
    to_english: "English", "English";
    to_chinese: "中文", "中文";
    footer_text: "让数据多跑路，群众少跑腿", "Let data run, not residents";
    home_title: "邻里 · 社区政务服务", "Linli · Community services";
    home_search_label: "搜索办事事项（可输入拼音，如 sb、shebao）", "Search services (pinyin works too, e.g. sb, shebao)";
    home_search_button: "搜索", "Search";
    home_by_event: "按人生大事找", "By life event";
    home_by_group: "按服务对象找", "By who it is for";
    home_by_dept: "按部门找", "By department";
    home_elder_invite: "切换到长辈版：字更大、更清楚，可朗读", "Switch to large-text mode: bigger, clearer, read aloud";
    home_elder_intro: "字大、清楚、好操作。点下面的大按钮办事。", "Large, clear, easy. Tap a big button below.";
    tile_services: "查办事指南", "Find a service";
    tile_shebao: "社保", "Social insurance";
    tile_yibao: "医保", "Medical insurance";
    tile_elderly: "养老服务", "Elderly care";
    tile_disability: "残疾人服务", "Disability services";
    tile_me: "我的账号", "My account";
    services_title: "办事指南", "Service guide";
    filter_legend: "筛选", "Filter";
    filter_keyword: "关键词或拼音", "Keyword or pinyin";
    filter_dept: "部门", "Department";
    filter_event: "人生大事", "Life event";
    filter_group: "服务对象", "For";
    filter_all: "全部", "All";
    filter_apply: "查找", "Find";
    filter_clear: "清除筛选", "Clear filters";
    results_count: "共找到 {n} 项", "{n} services found";
    pages_label: "翻页", "Pages";
    page_of: "第 {p} / {n} 页", "page {p} of {n}";
    page_prev: "上一页", "Previous page";
    page_next: "下一页", "Next page";
    no_results: "没有找到匹配的事项。试试更短的关键词，或用拼音首字母。", "Nothing matched. Try a shorter word or pinyin initials.";
    time_limit: "承诺时限", "Promised time";
    working_days: "{n} 个工作日", "{n} working days";
    same_day: "即时办结", "Done on the spot";
    detail_department: "办理部门", "Department";
    detail_channel: "办理方式", "How to apply";
    detail_fee: "收费标准", "Fee";
    detail_conditions: "办理条件", "Who can apply";
    detail_materials: "所需材料", "What to bring";
    detail_steps: "办理流程", "Steps";
    detail_offline: "线下办理地点", "Where to go in person";
    detail_hours: "办公时间", "Opening hours";
    detail_phone: "咨询电话", "Enquiries";
    detail_faqs: "常见问题", "Questions people ask";
    detail_basis: "设定依据", "Legal basis";
    detail_events: "相关人生大事", "Life events";
    detail_groups: "服务对象", "For";
    detail_back: "返回办事指南", "Back to the service guide";
    not_found_title: "找不到这个页面", "Page not found";
    not_found_body: "您要找的内容不存在或已被移除。", "What you were looking for does not exist or was removed.";
    read_aloud: "朗读本页", "Read aloud";
    stop_reading: "停止朗读", "Stop reading";
    loading: "正在加载…", "Loading…";
    load_failed: "加载失败，请稍后再试。", "Could not load; please try again later.";
    register_title: "实名注册", "Register with your real name";
    register_intro: "一次注册，办理所有社区服务。带 * 的为必填项。", "One account for every community service. Fields marked * are required.";
    field_name: "真实姓名", "Real name";
    field_phone: "手机号码", "Mobile number";
    field_id_number: "居民身份证号码", "Resident ID number";
    field_id_hint: "18 位，最后一位可能是 X。仅用于实名核验，页面上只显示首尾两位。", "18 characters; the last may be X. Used only to verify who you are; pages show only its first and last character.";
    field_password: "密码", "Password";
    field_password_hint: "8–64 位，同时包含字母和数字", "8–64 characters with letters and digits";
    field_password2: "再次输入密码", "Repeat the password";
    field_building: "居住楼栋", "Building you live in";
    field_building_choose: "请选择", "Choose";
    field_consent: "我已阅读并同意《个人信息处理规则》：平台仅为办理政务服务处理我的身份信息。", "I accept the personal information rules: my identity data is processed only to deliver public services.";
    register_submit: "注册", "Register";
    register_have_account: "已有账号？去登录", "Already registered? Sign in";
    form_has_errors: "提交的信息有误，请按提示修改。", "Some answers need fixing; see the notes below each field.";
    sign_in_title: "登录", "Sign in";
    sign_in_submit: "登录", "Sign in";
    sign_in_no_account: "还没有账号？实名注册", "No account yet? Register";
    me_title: "我的账号", "My account";
    me_welcome: "注册成功，欢迎使用邻里！", "Registered. Welcome to Linli!";
    me_address: "住址", "Address";
    me_role: "身份", "Role";
    me_scope: "所属单位", "Unit";
    me_verified: "实名核验", "Identity check";
    me_verified_online: "已通过线上实名注册", "Registered online with real name";
    me_verified_offline: "已线下核验", "Checked in person";
    me_activity: "账号动态", "Account activity";
    me_no_activity: "暂无记录", "Nothing yet";
    settings_title: "设置", "Settings";
    settings_mode: "显示模式", "Display mode";
    settings_mode_standard: "标准版", "Standard";
    settings_mode_elder: "长辈版（大字、高对比度、朗读）", "Large text (bigger, higher contrast, read aloud)";
    settings_lang: "语言", "Language";
    settings_save: "保存设置", "Save settings";
    settings_saved: "设置已保存", "Settings saved";
    staff_title: "居民线下核验", "Verify residents in person";
    staff_intro: "为无法线上核验的居民，在核对身份证原件后标记“已线下核验”。", "For residents who cannot verify online: after checking the original ID card, mark them as checked in person.";
    staff_verify: "核验通过", "Mark checked";
    staff_verified_at: "已核验", "Checked";
    staff_none: "本社区暂无注册居民。", "No registered residents in this community yet.";
    staff_only: "仅社区工作人员可以使用此页面。", "Only community staff can use this page.";
    nav_calendar: "工作日历", "Working days";
    calendar_title: "工作日历", "Working-day calendar";
    calendar_intro: "承诺时限按工作日计算：周六、周日休息，法定节假日放假，调休的周末上班。在这里维护国务院每年公布的放假安排。", "Time limits count working days: weekends off, public holidays off, announced make-up weekend days on. Keep the State Council's yearly arrangement here.";
    calendar_years: "选择年份", "Choose a year";
    calendar_days: "放假与调休", "Days off and make-up working days";
    calendar_none: "这一年还没有录入放假安排：除周末外均按工作日计算。", "No arrangement entered for this year: every weekday counts as a working day.";
    calendar_holiday: "放假", "Day off";
    calendar_workday: "调休上班", "Make-up working day";
    calendar_remove: "删除", "Remove";
    calendar_add: "添加或修改一天", "Add or change a day";
    calendar_date: "日期", "Date";
    calendar_date_hint: "格式：2027-01-01", "Format: 2027-01-01";
    calendar_kind: "类型", "Kind";
    calendar_name: "名称（如“元旦”）", "Name (e.g. New Year's Day)";
    calendar_save: "保存", "Save";
    promised_by: "如今天提交，承诺最迟 {n} 办结", "Submitted today, promised by {n}";
    role_resident: "居民", "Resident";
    role_staff: "社区工作人员", "Community staff";
    role_officer: "部门工作人员", "Department officer";
    role_provider: "服务商", "Service provider";
    role_admin: "管理员", "Administrator";
}

/// The interface text in the viewer's language.
pub fn use_strings() -> &'static Strings {
    strings(crate::prefs::use_viewer().lang)
}

pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// Fills `{n}` in a template.
pub fn with_n(template: &str, n: impl std::fmt::Display) -> String {
    template.replace("{n}", &n.to_string())
}

pub fn role_label(role: crate::prefs::Role, lang: Lang) -> &'static str {
    use crate::prefs::Role::*;
    let t = strings(lang);
    match role {
        Resident => t.role_resident,
        Staff => t.role_staff,
        Officer => t.role_officer,
        Provider => t.role_provider,
        Admin => t.role_admin,
    }
}
