"""The words printed on documents, in the staff's languages and, for the buyer, in Russian.

Slips and pick lists are read by the warehouse staff, in their own language (English, Russian or
Simplified Chinese, the interface languages); what the buyer reads (the recipient block, the
after-sales card) is always Russian. The catalog is small and closed, so it lives here rather than
in the web catalogs: every key has all three languages, and a test checks it.
"""

from __future__ import annotations

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


def buyer_word(key: str) -> str:
    """A buyer-facing word, in Russian."""
    return _BUYER[key]


def catalog() -> dict[str, tuple[str, ...]]:
    """Every staff-facing entry with its three languages (for the completeness test)."""
    entries: dict[str, tuple[str, ...]] = dict(_WORDS)
    return entries
