"""rFBS buyers: Russian names, proxy phone numbers and, sometimes, a company buying as a legal
entity. The sandbox's own word lists; a buyer is drawn from a per-posting seed, so the same posting
always shows the same buyer."""

from __future__ import annotations

import random
from dataclasses import dataclass

from posylka.sandbox.ozon.geography import Place, draw_place

MALE_NAMES = (
    "Александр", "Дмитрий", "Максим", "Сергей", "Андрей", "Алексей", "Артём", "Илья", "Кирилл",
    "Михаил", "Никита", "Матвей", "Роман", "Егор", "Иван", "Денис", "Павел", "Олег", "Виктор",
    "Тимур",
)  # fmt: skip
FEMALE_NAMES = (
    "Анна", "Мария", "Елена", "Ольга", "Наталья", "Екатерина", "Татьяна", "Ирина", "Светлана",
    "Юлия", "Анастасия", "Дарья", "Полина", "Ксения", "Виктория", "Алина", "Вера", "Людмила",
    "Марина", "София",
)  # fmt: skip
SURNAMES = (
    "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов",
    "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров",
    "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин",
    "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв",
    "Сергеев", "Кузьмин", "Фролов", "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв",
)  # fmt: skip
# Father's name → (patronymic of a son, patronymic of a daughter).
PATRONYMICS = (
    ("Александрович", "Александровна"), ("Сергеевич", "Сергеевна"), ("Андреевич", "Андреевна"),
    ("Владимирович", "Владимировна"), ("Дмитриевич", "Дмитриевна"), ("Николаевич", "Николаевна"),
    ("Игоревич", "Игоревна"), ("Олегович", "Олеговна"), ("Викторович", "Викторовна"),
    ("Михайлович", "Михайловна"), ("Юрьевич", "Юрьевна"), ("Петрович", "Петровна"),
)  # fmt: skip
COMPANY_WORDS = (
    "Ромашка", "Вектор", "Альфа-Трейд", "СеверСтрой", "ТехноМир", "Гранит", "Меридиан",
    "Восток-Снаб", "Лидер", "Интерком", "Сибирь Логистик", "Прогресс", "Орбита", "Континент",
    "Бизнес Решения", "Профмаркет",
)  # fmt: skip
COMPANY_FORMS = ("ООО", "ООО", "ООО", "АО", "ИП")

# The first two digits of an INN are the tax region (77 Moscow, 78 St Petersburg, 50 Moscow region).
TAX_REGIONS = ("77", "78", "50", "16", "66", "54", "52", "23")


@dataclass(frozen=True, slots=True)
class Company:
    name: str
    inn: str
    kpp: str


@dataclass(frozen=True, slots=True)
class Buyer:
    customer_id: int
    name: str
    addressee: str
    phone: str
    email: str
    place: Place
    company: Company | None


def person_name(rng: random.Random) -> str:
    """«Фамилия Имя» or «Фамилия Имя Отчество», with the surname in the buyer's gender."""
    female = rng.random() < 0.55
    surname = rng.choice(SURNAMES)
    if female:
        surname += "а"
        first = rng.choice(FEMALE_NAMES)
    else:
        first = rng.choice(MALE_NAMES)
    if rng.random() < 0.4:
        patronymic = rng.choice(PATRONYMICS)[1 if female else 0]
        return f"{surname} {first} {patronymic}"
    return f"{surname} {first}"


def proxy_phone(rng: random.Random) -> str:
    """Ozon hides the buyer's number behind a proxy number of its own."""
    return f"+7{rng.choice(('958', '977', '995', '999'))}{rng.randint(0, 9_999_999):07d}"


def legal_inn(rng: random.Random) -> str:
    """A ten-digit INN of an organisation, with a valid check digit (Order of the Federal Tax
    Service on INN assignment: weights 2 4 10 3 5 9 4 6 8, sum mod 11 mod 10)."""
    digits = [int(c) for c in rng.choice(TAX_REGIONS)] + [rng.randint(0, 9) for _ in range(7)]
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    check = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11 % 10
    return "".join(map(str, digits)) + str(check)


def draw_company(rng: random.Random) -> Company:
    inn = legal_inn(rng)
    form = rng.choice(COMPANY_FORMS)
    name = f"{form} «{rng.choice(COMPANY_WORDS)}»"
    kpp = "" if form == "ИП" else f"{inn[:4]}01001"
    return Company(name=name, inn=inn, kpp=kpp)


def draw_buyer(seed: int, *, is_legal: bool) -> Buyer:
    """The buyer of one posting, the same every time for the same seed."""
    rng = random.Random(seed)
    name = person_name(rng)
    addressee = name if rng.random() < 0.85 else person_name(rng)
    return Buyer(
        customer_id=rng.randint(10_000_000, 99_999_999),
        name=name,
        addressee=addressee,
        phone=proxy_phone(rng),
        email="",
        place=draw_place(rng),
        company=draw_company(rng) if is_legal else None,
    )
