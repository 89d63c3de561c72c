"""The seller's warehouses and the delivery methods of each: where postings ship from and how.

Covers every way posylka must handle: FBS warehouses on Ozon logistics (drop-off and pick-up, one
express), rFBS warehouses with an integrated carrier (``3pl_tracking``), with the seller's own or a
third-party courier (``non_integrated``) and a Chinese cross-border warehouse. Ids are drawn from
the seed in Ozon's shape (14 digits ending in 000).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True, slots=True)
class Provider:
    id: int
    name: str


OZON_LOGISTICS = Provider(24, "Ozon Логистика")
CDEK = Provider(1102, "СДЭК")
RUSSIAN_POST = Provider(1103, "Почта России")
CHINA_POST = Provider(1170, "China Post 中国邮政")
SELLER_COURIER = Provider(1299, "Доставка продавца")

MOSCOW_CLUSTER = "Москва, МО и Дальние регионы"


@dataclass(frozen=True, slots=True)
class Warehouse:
    id: int
    name: str
    is_rfbs: bool
    is_express: bool
    first_mile: str
    """``DROP_OFF`` (the seller brings parcels) or ``PICK_UP`` (an Ozon courier collects)."""
    address: str
    utc: str
    latitude: float
    longitude: float
    cluster: str
    """Ozon's logistics cluster the warehouse ships from (``financial_data.cluster_from``)."""


@dataclass(frozen=True, slots=True)
class DeliveryMethod:
    id: int
    name: str
    warehouse: Warehouse
    integration: str
    """Ozon's ``tpl_integration_type``: ``ozon``, ``3pl_tracking`` or ``non_integrated``."""
    provider: Provider
    cutoff_hour_utc: int
    handling_days: tuple[int, int]
    is_express: bool = False
    cross_border: bool = False
    share: int = 10
    """Relative share of postings that ship this way."""

    @property
    def cutoff(self) -> str:
        """The cutoff as Ozon shows it, in the warehouse's local time."""
        local = (self.cutoff_hour_utc + int(self.warehouse.utc[:3])) % 24
        return f"{local:02d}:00"

    @property
    def sla_cut_in(self) -> int:
        """Minutes from the cutoff to the hand-over."""
        return 30 if self.is_express else 1440

    @property
    def handling(self) -> tuple[timedelta, timedelta]:
        low, high = self.handling_days
        return timedelta(days=low), timedelta(days=high)


@dataclass(frozen=True, slots=True)
class Network:
    warehouses: tuple[Warehouse, ...]
    methods: tuple[DeliveryMethod, ...]


def _ozon_id(rng: random.Random, used: set[int]) -> int:
    while True:
        value = rng.randint(10_000_000_000, 23_999_999_999) * 1000
        if value not in used:
            used.add(value)
            return value


def build_network(rng: random.Random) -> Network:
    used: set[int] = set()

    def warehouse(name: str, *, rfbs: bool, express: bool, mile: str, address: str, utc: str,
                  lat: float, lon: float, cluster: str = MOSCOW_CLUSTER) -> Warehouse:  # fmt: skip
        return Warehouse(_ozon_id(rng, used), name, rfbs, express, mile, address, utc, lat, lon,
                         cluster)  # fmt: skip

    moscow = warehouse("Москва основной", rfbs=False, express=False, mile="DROP_OFF",
                       address="Москва, ул. Складочная, д. 1, стр. 4", utc="+03:00",
                       lat=55.8021, lon=37.5953)  # fmt: skip
    podolsk = warehouse("Подольск FBS", rfbs=False, express=False, mile="PICK_UP",
                        address="Московская обл., г. Подольск, Домодедовское ш., д. 20",
                        utc="+03:00", lat=55.4244, lon=37.5697)  # fmt: skip
    express = warehouse("Москва Экспресс (дарксторы)", rfbs=False, express=True, mile="PICK_UP",
                        address="Москва, Ленинградский пр-т, д. 80, корп. 2", utc="+03:00",
                        lat=55.8077, lon=37.5128)  # fmt: skip
    kazan = warehouse("Казань rFBS", rfbs=True, express=False, mile="DROP_OFF",
                      address="Республика Татарстан, г. Казань, ул. Техническая, д. 10",
                      utc="+03:00", lat=55.7557, lon=49.2167, cluster="Поволжье")  # fmt: skip
    yiwu = warehouse("Иу 义乌跨境仓", rfbs=True, express=False, mile="DROP_OFF",
                     address="浙江省义乌市福田街道 国际商贸城五区 (Иу, Чжэцзян)", utc="+08:00",
                     lat=29.3336, lon=120.0860, cluster="Китай")  # fmt: skip
    spb = warehouse("Санкт-Петербург rFBS", rfbs=True, express=True, mile="DROP_OFF",
                    address="Санкт-Петербург, Кантемировская ул., д. 7", utc="+03:00",
                    lat=59.9851, lon=30.3270, cluster="Санкт-Петербург и СЗО")  # fmt: skip

    def method(name: str, home: Warehouse, integration: str, provider: Provider, hour: int,
               days: tuple[int, int], share: int, *, express: bool = False,
               cross_border: bool = False) -> DeliveryMethod:  # fmt: skip
        return DeliveryMethod(_ozon_id(rng, used), name, home, integration, provider, hour, days,
                              express, cross_border, share)  # fmt: skip

    methods = (
        method("Ozon Логистика самостоятельно, Москва", moscow, "ozon", OZON_LOGISTICS, 10,
               (1, 2), 22),
        method("Ozon Логистика курьеру, Москва", moscow, "ozon", OZON_LOGISTICS, 8, (1, 2), 12),
        method("Ozon Логистика курьеру, Подольск", podolsk, "ozon", OZON_LOGISTICS, 9, (1, 3), 15),
        method("Ozon Express, Москва", express, "ozon", OZON_LOGISTICS, 17, (0, 0), 5,
               express=True),
        method("СДЭК курьером до двери, Казань", kazan, "3pl_tracking", CDEK, 12, (1, 3), 9),
        method("Почта России, посылка 1 класса, Казань", kazan, "3pl_tracking", RUSSIAN_POST, 11,
               (2, 4), 5),
        method("Курьер продавца, Казань", kazan, "non_integrated", SELLER_COURIER, 14, (1, 2), 5),
        method("Ozon Partner Delivery China Post 义乌", yiwu, "3pl_tracking", CHINA_POST, 6,
               (3, 6), 10, cross_border=True),
        method("Собственная доставка продавца 跨境自发货", yiwu, "non_integrated", SELLER_COURIER,
               7, (3, 7), 5, cross_border=True),
        method("Экспресс-курьер продавца, Санкт-Петербург", spb, "non_integrated", SELLER_COURIER,
               15, (0, 1), 6, express=True),
        method("СДЭК до ПВЗ, Санкт-Петербург", spb, "3pl_tracking", CDEK, 13, (1, 2), 6),
    )  # fmt: skip
    return Network(warehouses=(moscow, podolsk, express, kazan, yiwu, spb), methods=methods)
