"""The seller's catalogue: a few hundred products with SKUs, offer ids, prices and weights, named in
Russian or in Chinese as a cross-border seller's catalogue often is.

Families carry what Ozon cares about at assembly: goods under mandatory marking (Честный ЗНАК:
clothes, shoes, perfume, bed linen) ask for a mark per unit, imported electronics ask for the
customs declaration number (ГТД).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Family:
    code: str
    ru: str
    zh: str
    variants: tuple[tuple[str, str], ...]
    price: tuple[int, int]
    weight_g: tuple[int, int]
    coloured: bool = True
    needs_mark: bool = False
    needs_gtd: bool = False


def _variants(text: str) -> tuple[tuple[str, str], ...]:
    """``"300 мл=300毫升; 350 мл=350毫升"`` → Russian and Chinese spellings of each variant."""
    if not text:
        return (("", ""),)
    pairs = (item.split("=") for item in text.split("; "))
    return tuple((ru.strip(), zh.strip()) for ru, zh in pairs)


def _family(code: str, ru: str, zh: str, variants: str, price: tuple[int, int],
            weight_g: tuple[int, int], *, coloured: bool = True, mark: bool = False,
            gtd: bool = False) -> Family:  # fmt: skip
    return Family(code, ru, zh, _variants(variants), price, weight_g, coloured, mark, gtd)


FAMILIES: tuple[Family, ...] = (
    _family("MUG", "Кружка керамическая", "陶瓷马克杯",
            "300 мл=300毫升; 350 мл=350毫升; 450 мл=450毫升", (250, 900), (300, 450)),
    _family("TSH", "Футболка хлопковая", "纯棉T恤", "S=S码; M=M码; L=L码; XL=XL码",
            (590, 1990), (150, 250), mark=True),
    _family("RUN", "Кроссовки беговые", "跑步鞋", "40=40码; 41=41码; 42=42码; 43=43码; 44=44码",
            (2490, 8990), (600, 1100), mark=True),
    _family("EAR", "Наушники беспроводные", "无线蓝牙耳机", "", (990, 6990), (80, 200), gtd=True),
    _family("CAS", "Чехол для телефона", "手机保护壳",
            "iPhone 15=iPhone 15; Galaxy S24=Galaxy S24; Redmi Note 13=红米Note 13",
            (190, 890), (30, 60)),
    _family("CHG", "Зарядное устройство USB-C 65 Вт", "65W USB-C 快速充电器", "",
            (890, 2490), (120, 200), coloured=False, gtd=True),
    _family("CBL", "Кабель USB-C — USB-C", "USB-C 数据线", "1 м=1米; 2 м=2米", (190, 690),
            (40, 80)),
    _family("BAG", "Рюкзак городской", "城市双肩包", "20 л=20升; 30 л=30升", (1490, 4990),
            (500, 900)),
    _family("THR", "Термос из нержавеющей стали", "不锈钢保温杯",
            "500 мл=500毫升; 750 мл=750毫升; 1 л=1升", (790, 2490), (350, 700)),
    _family("LMP", "Настольная лампа LED", "LED护眼台灯", "", (1290, 3990), (700, 1400)),
    _family("SCR", "Набор отвёрток", "螺丝刀套装", "24 предмета=24件套; 45 предметов=45件套",
            (490, 1990), (250, 600), coloured=False),
    _family("YOG", "Коврик для йоги", "瑜伽垫", "6 мм=6毫米; 10 мм=10毫米", (890, 2990),
            (900, 1600)),
    _family("BLK", "Конструктор детский", "儿童拼装积木",
            "120 деталей=120块; 350 деталей=350块; 800 деталей=800块", (990, 4990), (300, 1500),
            coloured=False),
    _family("PND", "Мягкая игрушка «Панда»", "熊猫毛绒玩具", "30 см=30厘米; 50 см=50厘米",
            (590, 2490), (150, 500), coloured=False),
    _family("HCR", "Крем для рук", "护手霜", "50 мл=50毫升; 75 мл=75毫升", (190, 590), (70, 110),
            coloured=False),
    _family("PRF", "Парфюмерная вода", "香水", "50 мл=50毫升; 100 мл=100毫升", (1990, 7990),
            (250, 420), coloured=False, mark=True),
    _family("SHM", "Шампунь для всех типов волос", "洗发水", "400 мл=400毫升", (290, 890),
            (430, 470), coloured=False),
    _family("TEA", "Чай зелёный листовой", "绿茶", "100 г=100克; 250 г=250克", (290, 990),
            (120, 280), coloured=False),
    _family("COF", "Кофе в зёрнах", "咖啡豆", "250 г=250克; 1 кг=1公斤", (490, 2490), (270, 1050),
            coloured=False),
    _family("PAN", "Сковорода антипригарная", "不粘炒锅", "24 см=24厘米; 28 см=28厘米",
            (1290, 3990), (900, 1500)),
    _family("KNF", "Набор кухонных ножей", "厨房刀具套装", "5 предметов=5件套", (1490, 5990),
            (700, 1600), coloured=False),
    _family("ORG", "Органайзер для хранения", "收纳盒", "S=小号; L=大号", (290, 1290), (200, 600)),
    _family("WAT", "Смарт-часы", "智能手表", "", (2990, 12990), (90, 200), gtd=True),
    _family("BND", "Фитнес-браслет", "智能运动手环", "", (1490, 4490), (40, 90), gtd=True),
    _family("PWB", "Внешний аккумулятор 20000 мА·ч", "20000毫安充电宝", "", (1290, 3490),
            (350, 480), gtd=True),
    _family("MSE", "Мышь беспроводная", "无线鼠标", "", (490, 2490), (80, 150)),
    _family("KBD", "Клавиатура механическая", "机械键盘", "87 клавиш=87键; 104 клавиши=104键",
            (2490, 8990), (700, 1200)),
    _family("SCK", "Носки хлопковые, 5 пар", "纯棉袜子 5双装", "36–40=36–40码; 41–45=41–45码",
            (390, 990), (150, 250), mark=True),
    _family("HAT", "Шапка вязаная", "针织帽", "", (490, 1990), (80, 150), mark=True),
    _family("GLV", "Перчатки зимние", "冬季保暖手套", "M=M码; L=L码", (490, 1890), (80, 160)),
    _family("UMB", "Зонт складной", "折叠雨伞", "", (690, 2490), (300, 500)),
    _family("SUN", "Очки солнцезащитные", "太阳镜", "", (490, 2990), (40, 90)),
    _family("WLT", "Кошелёк из натуральной кожи", "真皮钱包", "", (990, 3990), (90, 200)),
    _family("BED", "Комплект постельного белья, 2-спальный", "双人床上用品四件套", "",
            (1990, 6990), (1200, 2200), mark=True),
    _family("TWL", "Полотенце махровое", "纯棉毛巾", "50×90 см=50×90厘米; 70×140 см=70×140厘米",
            (390, 1490), (250, 600)),
    _family("TBR", "Электрическая зубная щётка", "电动牙刷", "", (1490, 5990), (150, 300),
            gtd=True),
    _family("HDR", "Фен для волос 2000 Вт", "2000W 吹风机", "", (1490, 6990), (500, 900)),
    _family("BWL", "Миска для кошек", "猫碗", "", (190, 790), (150, 400)),
    _family("CAR", "Держатель телефона автомобильный", "车载手机支架", "", (390, 1490),
            (100, 250)),
    _family("DVR", "Видеорегистратор", "行车记录仪", "", (2490, 7990), (150, 350),
            coloured=False, gtd=True),
    _family("GRL", "Гирлянда светодиодная", "LED灯串", "5 м=5米; 10 м=10米", (390, 1490),
            (150, 400)),
    _family("NTB", "Блокнот в клетку A5", "A5方格笔记本", "80 листов=80页; 120 листов=120页",
            (190, 590), (200, 350)),
    _family("PEN", "Набор гелевых ручек", "中性笔套装", "12 шт.=12支装; 24 шт.=24支装",
            (190, 790), (100, 250), coloured=False),
)  # fmt: skip

PACKED_MM: dict[str, tuple[int, int, int]] = {
    "MUG": (120, 100, 110), "TSH": (300, 250, 30), "RUN": (330, 220, 120), "EAR": (100, 80, 40),
    "CAS": (170, 90, 15), "CHG": (90, 70, 40), "CBL": (150, 100, 20), "BAG": (450, 320, 150),
    "THR": (280, 90, 90), "LMP": (450, 180, 120), "SCR": (250, 180, 50), "YOG": (650, 150, 150),
    "BLK": (300, 250, 80), "PND": (350, 250, 200), "HCR": (150, 50, 35), "PRF": (130, 80, 60),
    "SHM": (230, 80, 60), "TEA": (180, 110, 60), "COF": (240, 130, 80), "PAN": (450, 300, 80),
    "KNF": (380, 200, 60), "ORG": (300, 200, 150), "WAT": (110, 90, 80), "BND": (170, 80, 50),
    "PWB": (160, 90, 35), "MSE": (130, 90, 50), "KBD": (460, 160, 50), "SCK": (220, 160, 40),
    "HAT": (250, 200, 40), "GLV": (250, 130, 30), "UMB": (300, 80, 70), "SUN": (170, 70, 55),
    "WLT": (130, 110, 30), "BED": (400, 300, 120), "TWL": (300, 250, 60), "TBR": (260, 90, 60),
    "HDR": (300, 250, 110), "BWL": (180, 180, 80), "CAR": (150, 100, 80), "DVR": (150, 110, 70),
    "GRL": (150, 150, 60), "NTB": (220, 160, 15), "PEN": (200, 120, 25),
}  # fmt: skip
"""Each family's packed size (length, width, height in millimetres) before a product's own
spread: what Ozon's product card says of the box the product comes in."""


def packed_size(code: str, sku: int) -> tuple[int, int, int]:
    """A product's packed size: its family's, each side within ±10 %, drawn from the SKU alone
    (so adding sizes left the catalogue's other draws as they were)."""
    rng = random.Random(f"size:{sku}")
    length, width, height = (round(side * rng.uniform(0.9, 1.1)) for side in PACKED_MM[code])
    return length, width, height


COLOURS: tuple[tuple[str, str, str], ...] = (
    ("белый", "白色", "WHT"),
    ("черный", "黑色", "BLK"),
    ("серый", "灰色", "GRY"),
    ("синий", "蓝色", "BLU"),
    ("красный", "红色", "RED"),
    ("зеленый", "绿色", "GRN"),
    ("розовый", "粉色", "PNK"),
    ("бежевый", "米色", "BEG"),
)


@dataclass(frozen=True, slots=True)
class Product:
    """One catalogue line: what a posting item points at."""

    sku: int
    offer_id: str
    name: str
    price: Decimal
    weight_g: int
    colour: str
    needs_mark: bool
    needs_gtd: bool
    size_mm: tuple[int, int, int] = (0, 0, 0)
    """Packed length, width and height in millimetres."""


def _name(
    family: Family, variant: tuple[str, str], colour: tuple[str, str, str] | None, zh: bool
) -> str:
    if zh:
        parts = [family.zh, colour[1] if colour else "", variant[1]]
        return " ".join(p for p in parts if p)
    text = family.ru
    if colour:
        text += f", цвет: {colour[0]}"
    if variant[0]:
        text += f", {variant[0]}"
    return text


def _price(rng: random.Random, low: int, high: int) -> Decimal:
    """Shelf prices: whole tens or one rouble short of them, now and then with kopecks."""
    rub = rng.randint(low // 10, high // 10) * 10 - rng.choice((0, 1, 1))
    kopecks = rng.choice((0, 0, 0, 0, 50, 90))
    return Decimal(rub) + Decimal(kopecks) / 100


def build_catalogue(rng: random.Random, size: int = 320) -> tuple[Product, ...]:
    """``size`` distinct products drawn from every family × variant × colour; about a third carry
    Chinese names."""
    combos = [
        (family, variant, colour)
        for family in FAMILIES
        for variant in family.variants
        for colour in (COLOURS if family.coloured else (None,))
    ]
    rng.shuffle(combos)
    products: list[Product] = []
    skus: set[int] = set()
    for index in range(size):
        family, variant, colour = combos[index % len(combos)]
        edition = index // len(combos)
        sku = rng.randint(100_000_000, 2_999_999_999)
        while sku in skus:
            sku += 1
        skus.add(sku)
        zh = rng.random() < 0.35
        name = _name(family, variant, colour, zh)
        if edition:
            name += f" ({'款式' if zh else 'модель'} {edition + 1})"
        offer = f"{family.code}-{index + 1:04d}" + (f"-{colour[2]}" if colour else "")
        if rng.random() < 0.2:
            offer = f"УТ-{1365 + 7 * index:07d}"
        products.append(
            Product(
                sku=sku,
                offer_id=offer,
                name=name,
                price=_price(rng, *family.price),
                weight_g=rng.randint(*family.weight_g),
                colour=colour[0] if colour else "",
                needs_mark=family.needs_mark,
                needs_gtd=family.needs_gtd and rng.random() < 0.6,
                size_mm=packed_size(family.code, sku),
            )
        )
    return tuple(products)
