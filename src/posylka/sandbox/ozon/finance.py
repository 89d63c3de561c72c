"""The money of a posting, as ``with.financial_data`` shows it: per product the price paid, the
price before discount, Ozon's commission and the seller's payout, and the logistics clusters the
parcel travels between. Shapes differ between v4 (nested ``commission`` and ``customer_price``)
and v3 (flat amounts with currency codes), as in Ozon's documents."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from posylka.adapters.ozon import schemas as wire
from posylka.sandbox.ozon.people import Buyer
from posylka.sandbox.ozon.seeding import Item, SandboxPosting

CENT = Decimal("0.01")

# Ozon's delivery clusters by the buyer's city (the sandbox's grouping of its own city list).
CLUSTERS = {
    "Москва": "Москва, МО и Дальние регионы",
    "Подольск": "Москва, МО и Дальние регионы",
    "Химки": "Москва, МО и Дальние регионы",
    "Тула": "Москва, МО и Дальние регионы",
    "Рязань": "Москва, МО и Дальние регионы",
    "Ярославль": "Ярославль",
    "Санкт-Петербург": "Санкт-Петербург и СЗО",
    "Мурманск": "Санкт-Петербург и СЗО",
    "Калининград": "Калининград",
    "Казань": "Поволжье",
    "Нижний Новгород": "Поволжье",
    "Самара": "Поволжье",
    "Уфа": "Поволжье",
    "Ижевск": "Поволжье",
    "Саратов": "Поволжье",
    "Пенза": "Поволжье",
    "Пермь": "Урал",
    "Екатеринбург": "Урал",
    "Челябинск": "Урал",
    "Тюмень": "Урал",
    "Омск": "Сибирь",
    "Новосибирск": "Сибирь",
    "Барнаул": "Сибирь",
    "Томск": "Сибирь",
    "Красноярск": "Красноярск",
    "Иркутск": "Дальний Восток",
    "Хабаровск": "Дальний Восток",
    "Владивосток": "Дальний Восток",
    "Якутск": "Дальний Восток",
    "Ростов-на-Дону": "Юг",
    "Краснодар": "Юг",
    "Сочи": "Юг",
    "Волгоград": "Юг",
    "Воронеж": "Воронеж",
}


class _Line:
    """One item's figures, in roubles."""

    def __init__(self, item: Item) -> None:
        sku = item.product.sku
        self.item = item
        self.percent = 8 + sku % 15
        markup = Decimal(100 + sku % 45) / 100
        self.old_price = (item.product.price * markup).quantize(Decimal(1), ROUND_HALF_UP)
        self.old_price = max(self.old_price, item.price)
        total = item.price * item.quantity
        self.commission = (total * self.percent / 100).quantize(CENT, ROUND_HALF_UP)
        self.payout = total - self.commission
        self.discount = self.old_price - item.price
        self.discount_percent = (
            float((self.discount / self.old_price * 100).quantize(CENT)) if self.old_price else 0.0
        )
        self.actions = ["Скидка продавца"] if self.discount else []


def _clusters(posting: SandboxPosting, buyer: Buyer) -> tuple[str, str]:
    city = buyer.place.city.name
    return posting.method.warehouse.cluster, CLUSTERS.get(city, city)


def financial_v4(posting: SandboxPosting, buyer: Buyer) -> wire.FinancialData:
    cluster_from, cluster_to = _clusters(posting, buyer)
    products = []
    for line in map(_Line, posting.items):
        products.append(
            wire.FinancialProduct(
                product_id=line.item.product.sku,
                quantity=line.item.quantity,
                price=float(line.item.price),
                old_price=float(line.old_price),
                payout=float(line.payout),
                commission=wire.Commission(
                    amount=float(line.commission), currency="RUB", percent=line.percent
                ),
                customer_price=wire.MoneyValue(amount=f"{line.item.price:.2f}", currency="RUB"),
                actions=line.actions,
                total_discount_percent=line.discount_percent,
                total_discount_value=float(line.discount),
            )
        )
    return wire.FinancialData(cluster_from=cluster_from, cluster_to=cluster_to, products=products)


def financial_v3(posting: SandboxPosting, buyer: Buyer) -> wire.FinancialDataV3:
    cluster_from, cluster_to = _clusters(posting, buyer)
    products = [
        wire.FinancialProductV3(
            product_id=line.item.product.sku,
            quantity=line.item.quantity,
            price=float(line.item.price),
            old_price=float(line.old_price),
            payout=float(line.payout),
            commission_amount=float(line.commission),
            commission_percent=line.percent,
            commissions_currency_code="RUB",
            currency_code="RUB",
            customer_price=float(line.item.price),
            customer_currency_code="RUB",
            actions=line.actions,
            total_discount_percent=line.discount_percent,
            total_discount_value=float(line.discount),
        )
        for line in map(_Line, posting.items)
    ]
    return wire.FinancialDataV3(cluster_from=cluster_from, cluster_to=cluster_to, products=products)
