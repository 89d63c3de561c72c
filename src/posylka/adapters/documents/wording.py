"""The words printed on documents, in the staff's languages and, for the buyer, in Russian.

Slips and pick lists are read by the warehouse staff, in their own language (English, Russian or
Simplified Chinese, the interface languages); what the buyer reads (the recipient block, the
after-sales card) is always Russian. The catalog is small and closed, so it lives here rather than
in the web catalogs: every key has all three languages, and a test checks it.
"""

from __future__ import annotations

from posylka.domain.documents import PackagingKind

LANGUAGES = ("en", "ru", "zh-CN")
BUYER_LANGUAGE = "ru"

_WORDS: dict[str, tuple[str, str, str]] = {
    # key: (English, Russian, Chinese)
    "slip": ("Order details", "Детали заказа", "订单详情"),
    "posting": ("Posting", "Отправление", "货件"),
    "order": ("Order", "Заказ", "订单"),
    "ship_by": ("Ship by", "Отгрузить до", "发货截止"),
    "delivery": ("Delivery", "Доставка", "配送方式"),
    "warehouse": ("Warehouse", "Склад", "仓库"),
    "items": ("Items", "Товары", "商品"),
    "item_count": ("pcs", "шт.", "件"),
    "offer_id": ("Article", "Артикул", "货号"),
    "name": ("Name", "Название", "名称"),
    "qty": ("Qty", "Кол-во", "数量"),
    "bin": ("Bin", "Ячейка", "货位"),
    "barcode": ("Barcode", "Штрихкод", "条码"),
    "no_items": ("This posting has no items.", "В отправлении нет товаров.", "此货件没有商品。"),
    "packaging": ("Packing steps", "Упаковка", "包装步骤"),
    "no_steps": ("No special steps", "Без особых требований", "无特殊要求"),
    "page": ("Page", "Стр.", "页"),
    "continued": ("continued", "продолжение", "续"),
    "pick_list": ("Pick list", "Лист подбора", "拣货单"),
    "batch": ("Batch", "Партия", "批次"),
    "created": ("Created", "Создан", "创建时间"),
    "by": ("by", "кто", "创建人"),
    "postings": ("Postings", "Отправления", "货件"),
    "units": ("Units", "Штук", "件数"),
    "products": ("Products", "Товаров", "商品种类"),
    "total": ("Total", "Всего", "合计"),
    "for_postings": ("Per posting", "По отправлениям", "按货件"),
    "picked": ("Picked", "Собрано", "已拣"),
    "postings_in_batch": ("Postings in this batch", "Отправления партии", "本批次货件"),
    "fbs": ("FBS: Ozon delivers", "FBS: доставляет Ozon", "FBS：Ozon 配送"),
}

_STEPS: dict[PackagingKind, tuple[str, str, str]] = {
    PackagingKind.FRAGILE: (
        "fragile: wrap in bubble film, fill the gaps",
        "хрупкое: обернуть пузырчатой плёнкой, заполнить пустоты",
        "易碎：用气泡膜包裹并填满空隙",
    ),
    PackagingKind.GLASS: (
        "glass: wrap each piece separately",
        "стекло: обернуть каждую единицу отдельно",
        "玻璃：每件单独包裹",
    ),
    PackagingKind.LIQUID: (
        "liquid: seal the cap, put in a zip bag",
        "жидкость: закрыть крышку, упаковать в зип-пакет",
        "液体：封好瓶盖，装入密封袋",
    ),
    PackagingKind.BATTERY: (
        "battery: protect the terminals, battery sticker",
        "аккумулятор: изолировать контакты, наклейка о батарее",
        "电池：保护电极，贴电池标签",
    ),
    PackagingKind.AEROSOL: (
        "aerosol: cap on, keep apart from heat",
        "аэрозоль: надеть колпачок, беречь от нагрева",
        "气雾剂：盖好盖子，远离热源",
    ),
    PackagingKind.FLAMMABLE: (
        "flammable: dangerous-goods sticker",
        "легковоспламеняющееся: наклейка опасного груза",
        "易燃：贴危险品标签",
    ),
    PackagingKind.KEEP_UPRIGHT: (
        "keep upright: arrows up on the box",
        "не кантовать: стрелки «верх» на коробке",
        "保持直立：箱上贴向上箭头",
    ),
    PackagingKind.NEEDS_MARK: (
        "marking code: scan the mark when assembling",
        "маркировка: отсканировать код при сборке",
        "标识码：装箱时扫描标识码",
    ),
}

_BUYER: dict[str, str] = {
    "recipient": "Получатель",
    "address": "Адрес",
    "phone": "Телефон",
}


def _index(language: str) -> int:
    try:
        return LANGUAGES.index(language)
    except ValueError:
        return 0


def word(key: str, language: str) -> str:
    """A staff-facing word in ``language`` (English when the language is not one of ours)."""
    return _WORDS[key][_index(language)]


def step(kind: PackagingKind, language: str) -> str:
    return _STEPS[kind][_index(language)]


def buyer_word(key: str) -> str:
    """A buyer-facing word, in Russian."""
    return _BUYER[key]


def catalog() -> dict[str, tuple[str, ...]]:
    """Every staff-facing entry with its three languages (for the completeness test)."""
    entries: dict[str, tuple[str, ...]] = dict(_WORDS)
    entries.update({f"step:{kind.value}": words for kind, words in _STEPS.items()})
    return entries
