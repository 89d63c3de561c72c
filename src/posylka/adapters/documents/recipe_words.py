"""A posting's packing recipe as printed lines, in the staff's language (English, Russian,
Simplified Chinese).

Every vocabulary code of ``posylka.domain.recipes`` has its three wordings here; an entry a
manager wrote in their own words is printed as written. Slips in PDF and in ZPL print the same
lines.
"""

from __future__ import annotations

from posylka.adapters.documents.wording import word
from posylka.domain.recipes import Recipe

_LANGUAGES = ("en", "ru", "zh-CN")

_CODES: dict[str, tuple[str, str, str]] = {
    "material:bubble_wrap": ("bubble wrap", "пузырчатая плёнка", "气泡膜"),
    "material:corner_protectors": ("corner protectors", "защитные уголки", "护角"),
    "material:void_fill": ("void fill", "заполнитель", "填充物"),
    "material:rigid_box": ("rigid box", "жёсткая коробка", "硬纸箱"),
    "material:leak_proof_bag": ("sealed leak-proof bag", "герметичный пакет", "防漏密封袋"),
    "material:absorbent_pad": ("absorbent pad", "впитывающая салфетка", "吸水垫"),
    "material:terminal_tape": ("insulating tape", "изолента", "绝缘胶带"),
    "step:wrap_bubble": ("wrap in bubble wrap", "обернуть пузырчатой плёнкой", "用气泡膜包裹"),
    "step:protect_corners": ("protect the corners", "надеть защитные уголки", "装上护角"),
    "step:fill_voids": (
        "fill every gap so nothing moves",
        "заполнить пустоты, чтобы ничего не двигалось",
        "填满空隙，防止晃动",
    ),
    "step:wrap_each_separately": (
        "wrap each piece separately",
        "обернуть каждую единицу отдельно",
        "每件单独包裹",
    ),
    "step:seal_cap": ("tighten and tape the cap", "закрутить и заклеить крышку", "拧紧并封住瓶盖"),
    "step:bag_sealed": (
        "put in a sealed leak-proof bag",
        "упаковать в герметичный пакет",
        "装入防漏密封袋",
    ),
    "step:add_absorbent": ("add an absorbent pad", "положить впитывающую салфетку", "放入吸水垫"),
    "step:double_bag": (
        "put in a second sealed bag",
        "упаковать во второй пакет",
        "再套一层密封袋",
    ),
    "step:keep_upright": (
        "keep upright, cap up",
        "ставить вертикально, крышкой вверх",
        "保持直立，瓶盖朝上",
    ),
    "step:protect_terminals": (
        "cover the battery terminals",
        "изолировать контакты батареи",
        "包住电池电极",
    ),
    "step:choose_lithium_mark": (
        "lithium mark: UN3480 battery alone, UN3481 with or in equipment (metal: UN3090/UN3091)",
        "знак лития: UN3480 батарея отдельно, UN3481 с оборудованием или внутри"
        " (металл: UN3090/UN3091)",
        "锂电池标志：单独电池 UN3480，随设备或装在设备内 UN3481（锂金属：UN3090/UN3091）",
    ),
    "step:no_loose_cells": (
        "no loose cells: only inside or packed with the device",
        "без отдельных элементов: только в устройстве или вместе с ним",
        "不得有散装电芯：只能装在设备内或与设备同包",
    ),
    "step:cap_aerosol": (
        "put the cap on the aerosol",
        "надеть колпачок на баллон",
        "盖好气雾罐盖子",
    ),
    "step:scan_marking_code": (
        "scan the marking code (Chestny ZNAK)",
        "отсканировать код маркировки (Честный ЗНАК)",
        "扫描标识码（Chestny ZNAK）",
    ),
    "mark:fragile": ("Fragile", "Хрупкое", "易碎"),
    "mark:this_way_up": ("This way up", "Верх", "向上"),
    "mark:lithium_ion": ("Lithium-ion battery", "Литий-ионная батарея", "锂离子电池"),
    "mark:lithium_metal": ("Lithium metal battery", "Литий-металлическая батарея", "锂金属电池"),
    "mark:flammable": ("Flammable", "Огнеопасно", "易燃"),
    "insert:order_slip": ("order details slip", "лист с деталями заказа", "订单详情单"),
    "insert:after_sales_card": ("after-sales card", "карточка для покупателя", "售后卡"),
    "warning:battery_over_100wh": (
        "battery over 100 Wh: not by air or post",
        "батарея больше 100 Вт·ч: не авиа и не почтой",
        "电池超过 100 Wh：不可空运或邮寄",
    ),
    "warning:ground_only": ("ground transport only", "только наземным транспортом", "仅限陆运"),
    "warning:msds_required": (
        "Ozon needs a safety data sheet (MSDS)",
        "Ozon нужен паспорт безопасности (MSDS)",
        "Ozon 需要安全数据表（MSDS）",
    ),
    "warning:unknown_product": (
        "{offer}: not in the catalogue, packing unknown",
        "{offer}: нет в каталоге, упаковка неизвестна",
        "{offer}：不在商品目录中，包装方式未知",
    ),
    "lane:air": ("air", "авиа", "空运"),
    "lane:postal": ("post", "почта", "邮政"),
    "lane:ground": ("ground", "наземный", "陆运"),
    "label:marks": ("Marks", "Знаки", "标识"),
    "label:materials": ("Materials", "Материалы", "材料"),
    "label:inserts": ("Put inside", "Вложить", "放入"),
    "label:not_by": ("Not by", "Нельзя", "禁止"),
}


def _index(language: str) -> int:
    return _LANGUAGES.index(language) if language in _LANGUAGES else 0


def say(kind: str, entry: str, language: str) -> str:
    """One recipe entry in ``language``; the entry itself when it is the manager's own words."""
    words = _CODES.get(f"{kind}:{entry}")
    return words[_index(language)] if words else entry


def recipe_lines(recipe: Recipe | None, language: str, *, tick: str = "□") -> list[str]:
    """What a slip prints for the recipe: warnings first, then marks, materials, the steps
    (each after a ``tick`` box, with its article) and the inserts. Label printers' own fonts
    have no box: ZPL passes ``"-"``."""
    if recipe is None or recipe.is_plain:
        lines = [word("no_steps", language)]
        if recipe is not None and recipe.inserts:
            lines.append(_joined("inserts", "insert", recipe.inserts, language))
        return lines
    lines = []
    if recipe.blocked_lanes:
        lines.append(_joined("not_by", "lane", recipe.blocked_lanes, language, prefix="! "))
    for warning in recipe.warnings:
        code, _, offer = warning.partition(":")
        lines.append("! " + say("warning", code, language).replace("{offer}", offer))
    if recipe.marks:
        lines.append(_joined("marks", "mark", recipe.marks, language))
    if recipe.materials:
        lines.append(_joined("materials", "material", recipe.materials, language))
    for step in recipe.steps:
        text = say("step", step.code, language) if step.code else step.text
        lines.append(f"{tick} {step.offer_id}: {text}" if step.offer_id else f"{tick} {text}")
    if recipe.inserts:
        lines.append(_joined("inserts", "insert", recipe.inserts, language))
    return lines


def _joined(
    label: str, kind: str, entries: tuple[str, ...], language: str, prefix: str = ""
) -> str:
    sep = "、" if language == "zh-CN" else ", "
    colon = "：" if language == "zh-CN" else ": "
    said = sep.join(say(kind, e, language) for e in entries)
    return f"{prefix}{say('label', label, language)}{colon}{said}"


def catalog() -> dict[str, tuple[str, str, str]]:
    """Every entry with its three languages (for the completeness test)."""
    return dict(_CODES)
