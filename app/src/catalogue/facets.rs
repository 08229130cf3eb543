//! Life events (生命周期事件) and target groups (服务对象) the catalogue is browsed by.
use crate::prefs::Lang;

/// (code, 中文, English)
pub const LIFE_EVENTS: &[(&str, &str, &str)] = &[
    ("birth", "生育", "Having a baby"),
    ("school", "入学", "Starting school"),
    ("employment", "就业", "Work and jobs"),
    ("retirement", "退休", "Retirement"),
    ("elderly_care", "养老", "Care in old age"),
    ("disability", "残疾", "Disability"),
    ("relocation", "迁居", "Moving home"),
    ("marriage", "婚姻", "Marriage"),
    ("housing", "住房", "Housing"),
    ("medical", "就医", "Medical care"),
    ("hardship", "困难救助", "Hardship support"),
    ("veterans", "退役", "Veterans"),
    ("bereavement", "身后事", "Bereavement"),
];

/// Departments: (code, name, English name).
pub const DEPARTMENTS: &[(&str, &str, &str)] = &[
    ("mz", "区民政局", "Civil Affairs Bureau"),
    ("rs", "区人力资源和社会保障局", "Human Resources and Social Security Bureau"),
    ("yb", "区医疗保障局", "Healthcare Security Bureau"),
    ("jy", "区教育局", "Education Bureau"),
    ("ga", "公安分局户政科", "Public Security Household Registration"),
    ("wj", "区卫生健康委员会", "Health Commission"),
    ("cl", "区残疾人联合会", "Disabled Persons' Federation"),
    ("zj", "区住房和城乡建设局", "Housing and Urban-Rural Development Bureau"),
    ("ty", "区退役军人事务局", "Veterans Affairs Bureau"),
    ("sq", "街道社区服务中心", "Street and Community Service Centres"),
];

pub const TARGET_GROUPS: &[(&str, &str, &str)] = &[
    ("elderly", "老年人", "Older people"),
    ("disabled", "残疾人", "People with disabilities"),
    ("families", "儿童与家庭", "Children and families"),
    ("migrants", "新市民", "Newcomers to the city"),
    ("low_income", "低收入群体", "Low-income households"),
];

pub fn label(table: &[(&str, &'static str, &'static str)], code: &str, lang: Lang) -> Option<&'static str> {
    table
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, zh, en)| if lang == Lang::En { *en } else { *zh })
}

pub fn channel_label(channel: super::Channel, lang: Lang) -> &'static str {
    use super::Channel::*;
    match (channel, lang) {
        (Online, Lang::Zh) => "网上办理",
        (Offline, Lang::Zh) => "窗口办理",
        (Both, Lang::Zh) => "网上或窗口办理",
        (Online, Lang::En) => "Online",
        (Offline, Lang::En) => "In person",
        (Both, Lang::En) => "Online or in person",
    }
}
