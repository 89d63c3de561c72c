"""Russian places for rFBS buyers' addresses: cities with their regions, postal code prefixes and
coordinates, and common street names. The sandbox's own word lists, so the data never changes with
a library upgrade."""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import accumulate


@dataclass(frozen=True, slots=True)
class City:
    name: str
    region: str
    zip_prefixes: tuple[str, ...]
    latitude: float
    longitude: float
    district: str = ""


CITIES: tuple[City, ...] = (
    City(
        "Москва",
        "Москва",
        ("101", "105", "107", "109", "111", "115", "117", "119", "121", "123", "125", "127", "129"),
        55.7558,
        37.6173,
    ),
    City(
        "Санкт-Петербург",
        "Санкт-Петербург",
        ("190", "191", "192", "193", "194", "195", "196", "197", "198", "199"),
        59.9343,
        30.3351,
    ),
    City("Новосибирск", "Новосибирская область", ("630",), 55.0084, 82.9357),
    City("Екатеринбург", "Свердловская область", ("620",), 56.8389, 60.6057),
    City("Казань", "Республика Татарстан", ("420",), 55.7963, 49.1088),
    City("Нижний Новгород", "Нижегородская область", ("603",), 56.2965, 43.9361),
    City("Челябинск", "Челябинская область", ("454",), 55.1644, 61.4368),
    City("Самара", "Самарская область", ("443",), 53.1959, 50.1002),
    City("Омск", "Омская область", ("644",), 54.9885, 73.3242),
    City("Ростов-на-Дону", "Ростовская область", ("344",), 47.2357, 39.7015),
    City("Уфа", "Республика Башкортостан", ("450",), 54.7388, 55.9721),
    City("Красноярск", "Красноярский край", ("660",), 56.0153, 92.8932),
    City("Воронеж", "Воронежская область", ("394",), 51.6720, 39.1843),
    City("Пермь", "Пермский край", ("614",), 58.0105, 56.2502),
    City("Волгоград", "Волгоградская область", ("400",), 48.7080, 44.5133),
    City("Краснодар", "Краснодарский край", ("350",), 45.0355, 38.9753),
    City("Саратов", "Саратовская область", ("410",), 51.5336, 46.0343),
    City("Тюмень", "Тюменская область", ("625",), 57.1530, 65.5343),
    City("Ижевск", "Удмуртская Республика", ("426",), 56.8526, 53.2045),
    City("Барнаул", "Алтайский край", ("656",), 53.3480, 83.7798),
    City("Иркутск", "Иркутская область", ("664",), 52.2870, 104.3050),
    City("Хабаровск", "Хабаровский край", ("680",), 48.4808, 135.0928),
    City("Владивосток", "Приморский край", ("690",), 43.1155, 131.8855),
    City("Ярославль", "Ярославская область", ("150",), 57.6261, 39.8845),
    City("Томск", "Томская область", ("634",), 56.4846, 84.9476),
    City("Калининград", "Калининградская область", ("236",), 54.7104, 20.4522),
    City("Сочи", "Краснодарский край", ("354",), 43.5855, 39.7231, "Хостинский район"),
    City("Тула", "Тульская область", ("300",), 54.1931, 37.6173),
    City("Подольск", "Московская область", ("142",), 55.4312, 37.5458, "городской округ Подольск"),
    City("Химки", "Московская область", ("141",), 55.8970, 37.4297, "городской округ Химки"),
    City("Рязань", "Рязанская область", ("390",), 54.6269, 39.6916),
    City("Пенза", "Пензенская область", ("440",), 53.1959, 45.0183),
    City("Мурманск", "Мурманская область", ("183",), 68.9585, 33.0827),
    City("Якутск", "Республика Саха (Якутия)", ("677",), 62.0355, 129.6755),
)

# Weighted towards the big cities, as orders are.
CITY_WEIGHTS: tuple[int, ...] = (30, 14, *([3] * (len(CITIES) - 2)))
# Running totals, computed once: ``choices`` with ``cum_weights`` draws exactly what it draws with
# ``weights``, without summing them again on every call.
CITY_TOTALS: list[int] = list(accumulate(CITY_WEIGHTS))

STREETS: tuple[str, ...] = (
    "ул. Ленина",
    "ул. Мира",
    "ул. Советская",
    "пр-т Победы",
    "ул. Гагарина",
    "ул. Пушкина",
    "ул. Садовая",
    "ул. Молодёжная",
    "ул. Школьная",
    "ул. Лесная",
    "ул. Центральная",
    "ул. Набережная",
    "ул. Кирова",
    "ул. Чехова",
    "пер. Почтовый",
    "б-р Строителей",
    "ул. Комсомольская",
    "ул. Октябрьская",
    "ш. Энтузиастов",
    "ул. Профсоюзная",
    "ул. Маршала Жукова",
    "ул. 8 Марта",
    "пр-т Ленинградский",
    "ул. Заречная",
)

COURIER_COMMENTS: tuple[str, ...] = (
    "",
    "",
    "",
    "Позвоните за час до доставки",
    "Домофон не работает, наберите по телефону",
    "Оставить у двери",
    "Код домофона 45К1234",
    "Вход со двора, 3 подъезд",
)


@dataclass(frozen=True, slots=True)
class Place:
    """One delivery address, already laid out in Ozon's fields."""

    city: City
    zip_code: str
    address_tail: str
    comment: str
    latitude: float
    longitude: float


def draw_place(rng: random.Random) -> Place:
    city = rng.choices(CITIES, cum_weights=CITY_TOTALS)[0]
    zip_code = rng.choice(city.zip_prefixes) + f"{rng.randint(1, 140):03d}"
    house = rng.randint(1, 120)
    building = f", корп. {rng.randint(1, 4)}" if rng.random() < 0.15 else ""
    flat = f", кв. {rng.randint(1, 280)}" if rng.random() < 0.8 else ""
    tail = f"{rng.choice(STREETS)}, д. {house}{building}{flat}"
    return Place(
        city=city,
        zip_code=zip_code,
        address_tail=tail,
        comment=rng.choice(COURIER_COMMENTS),
        latitude=round(city.latitude + rng.uniform(-0.08, 0.08), 6),
        longitude=round(city.longitude + rng.uniform(-0.12, 0.12), 6),
    )
