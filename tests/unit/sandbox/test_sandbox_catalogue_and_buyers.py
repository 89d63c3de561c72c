"""The word lists: products, warehouses, buyers and their addresses."""

from __future__ import annotations

import random
import re

from posylka.sandbox.ozon.catalogue import build_catalogue
from posylka.sandbox.ozon.network import build_network
from posylka.sandbox.ozon.people import draw_buyer, legal_inn
from posylka.sandbox.ozon.translit import transliterate

CYRILLIC = re.compile(r"[А-Яа-яЁё]")
HAN = re.compile(r"[\u4e00-\u9fff]")


def test_the_catalogue_has_a_few_hundred_distinct_products() -> None:
    products = build_catalogue(random.Random("cat:1"))
    assert 200 <= len(products) <= 500
    assert len({p.sku for p in products}) == len(products)
    assert len({p.offer_id for p in products}) == len(products)
    assert len({p.name for p in products}) == len(products)


def test_product_names_are_in_russian_and_in_chinese() -> None:
    products = build_catalogue(random.Random("cat:1"))
    russian = sum(bool(CYRILLIC.search(p.name)) and not HAN.search(p.name) for p in products)
    chinese = sum(bool(HAN.search(p.name)) for p in products)
    assert russian > len(products) // 2
    assert chinese > len(products) // 5


def test_the_catalogue_is_the_same_for_the_same_seed() -> None:
    assert build_catalogue(random.Random("cat:4")) == build_catalogue(random.Random("cat:4"))


def test_the_network_has_fbs_and_rfbs_warehouses_and_every_delivery_kind() -> None:
    network = build_network(random.Random("net:1"))
    assert {w.is_rfbs for w in network.warehouses} == {True, False}
    assert {m.integration for m in network.methods} == {"ozon", "3pl_tracking", "non_integrated"}
    assert any(m.is_express for m in network.methods)
    assert all(w.id % 1000 == 0 and len(str(w.id)) == 14 for w in network.warehouses)
    ids = [w.id for w in network.warehouses] + [m.id for m in network.methods]
    assert len(set(ids)) == len(ids)


def test_a_buyer_is_the_same_every_time_for_the_same_seed() -> None:
    assert draw_buyer(42, is_legal=False) == draw_buyer(42, is_legal=False)


def test_buyers_have_russian_names_addresses_and_proxy_phones() -> None:
    for seed in range(200):
        buyer = draw_buyer(seed, is_legal=False)
        assert CYRILLIC.search(buyer.name)
        assert re.fullmatch(r"\+7\d{10}", buyer.phone)
        assert re.fullmatch(r"\d{6}", buyer.place.zip_code)
        assert buyer.place.zip_code[:3] in buyer.place.city.zip_prefixes
        assert buyer.place.address_tail.startswith(("ул.", "пр-т", "пер.", "б-р", "ш."))
        assert buyer.company is None


def test_legal_buyers_have_a_company_with_a_valid_inn() -> None:
    buyer = draw_buyer(7, is_legal=True)
    assert buyer.company is not None
    assert buyer.company.name.startswith(("ООО", "АО", "ИП"))
    assert _inn_is_valid(buyer.company.inn)


def test_every_generated_inn_has_a_valid_check_digit() -> None:
    rng = random.Random(3)
    assert all(_inn_is_valid(legal_inn(rng)) for _ in range(500))


def _inn_is_valid(inn: str) -> bool:
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    digits = [int(c) for c in inn]
    check = sum(d * w for d, w in zip(digits, weights, strict=False)) % 11 % 10
    return len(inn) == 10 and check == digits[9]


def test_transliteration_follows_the_passport_table() -> None:
    assert transliterate("Щукина Юлия, ул. Мира") == "Shchukina Iuliia, ul. Mira"
