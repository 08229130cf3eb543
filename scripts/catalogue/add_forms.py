#!/usr/bin/env python3
"""Adds an online application form (fields + material slots) to every catalogue item that can be
handled online. Re-runnable: items that already have a form are left as they are, so a form edited
by hand in services.json is never overwritten. Material kinds are the codes in
app/src/catalogue/materials.rs; the same kind is offered from the materials wallet."""
import json, pathlib, re

PATH = pathlib.Path(__file__).resolve().parents[2] / "app/src/catalogue/services.json"

KINDS = [  # first match wins
    ("出生医学证明", "birth_cert"), ("户口簿", "hukou"), ("居住证明", "residence_proof"),
    ("居住证", "residence_permit"), ("房产", "housing"), ("租赁", "housing"), ("照片", "photo"),
    ("证件照", "photo"), ("残疾人证", "disability_cert"), ("社会保障卡", "ssc"), ("银行卡", "bank_card"),
    ("诊断", "medical"), ("病历", "medical"), ("检查报告", "medical"), ("收入", "income"),
    ("低保证", "income"), ("婚姻", "marriage"), ("结婚证", "marriage"), ("身份证", "id_card"),
]

FIELDS = {
    "jy": [
        {"key": "child_name", "label": "儿童姓名", "label_en": "Child's name", "type": "text", "required": True},
        {"key": "child_birthdate", "label": "儿童出生日期", "label_en": "Child's date of birth", "type": "date", "required": True},
        {"key": "relation", "label": "与儿童关系", "label_en": "Relation to the child", "type": "select",
         "options": ["父亲", "母亲", "其他监护人"], "required": True},
    ],
    "mz": [
        {"key": "household_size", "label": "共同生活家庭人口（人）", "label_en": "People in the household", "type": "number", "required": True},
        {"key": "monthly_income", "label": "家庭月总收入（元）", "label_en": "Household income per month (yuan)", "type": "number", "required": False},
    ],
}
REASON = {"key": "reason", "label": "申请说明", "label_en": "What you are applying for and why", "type": "textarea", "required": False}


def kind_of(text):
    """The kind named earliest in the text ("户主居民身份证、户口簿" is an ID card slot)."""
    found = [(text.find(word), i, kind) for i, (word, kind) in enumerate(KINDS) if word in text]
    return min(found)[2] if found else "other"


def slots(materials):
    out, seen = [], set()
    for m in materials:
        if "网上填写" in m or "姓名和电话" in m or "现场" in m or "系统" in m and "免交" in m or "单位" in m and "提供" in m:
            continue
        kind = kind_of(m)
        if kind in seen:
            continue
        seen.add(kind)
        optional = any(w in m for w in ("如有", "时）", "的，", "免交", "无需", "随迁"))
        out.append({"kind": kind, "label": m, "required": not optional})
    return out


def main():
    services = json.loads(PATH.read_text())
    for s in services:
        if s["channel"] == "offline" or "form" in s:
            continue
        s["form"] = {"fields": FIELDS.get(s["dept"], []) + [REASON], "materials": slots(s["materials"])}
    PATH.write_text(json.dumps(services, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main()
