"""The rFBS buyer as Ozon shows it in a posting: the customer with the delivery address, the
addressee, and the company of a legal-entity buyer. Transliterated when the request asks for
``translit``."""

from __future__ import annotations

from posylka.adapters.ozon import schemas as wire
from posylka.sandbox.ozon.people import Buyer, draw_buyer
from posylka.sandbox.ozon.seeding import SandboxPosting
from posylka.sandbox.ozon.translit import transliterate


def buyer_of(posting: SandboxPosting) -> Buyer:
    return draw_buyer(posting.detail_seed, is_legal=posting.is_legal)


def text(value: str, translit: bool) -> str:
    return transliterate(value) if translit else value


def pickup_point(posting: SandboxPosting, buyer: Buyer) -> tuple[str, int]:
    """The carrier's and Ozon's codes of the pick-up point; empty for courier delivery."""
    if posting.delivery_type == "Courier":
        return "", 0
    seed = posting.detail_seed
    return f"{buyer.place.city.zip_prefixes[0]}-{seed % 997}", seed % 10**9


def customer(
    posting: SandboxPosting, buyer: Buyer, *, translit: bool, hide_phone: bool
) -> wire.Customer:
    """The customer block: v3 hides the phone (``""``), the v4 lists show Ozon's proxy number."""
    place = buyer.place
    provider_pvz_code, pvz_code = pickup_point(posting, buyer)
    return wire.Customer(
        customer_id=buyer.customer_id,
        name=text(buyer.name, translit),
        phone="" if hide_phone else buyer.phone,
        customer_email=None if hide_phone else buyer.email,
        address=wire.Address(
            address_tail=text(place.address_tail, translit),
            city=text(place.city.name, translit),
            comment=text(place.comment, translit),
            country=text("Россия", translit),
            district=text(place.city.district, translit),
            latitude=place.latitude,
            longitude=place.longitude,
            provider_pvz_code=provider_pvz_code,
            pvz_code=pvz_code,
            region=text(place.city.region, translit),
            zip_code=place.zip_code,
        ),
    )


def addressee(buyer: Buyer, *, translit: bool, hide_phone: bool) -> wire.Addressee:
    return wire.Addressee(name=text(buyer.addressee, translit), phone="" if hide_phone else None)


def legal_info(buyer: Buyer) -> wire.LegalInfo:
    """The buyer's company; empty strings for a private buyer, as Ozon sends them."""
    company = buyer.company
    if company is None:
        return wire.LegalInfo(company_name="", inn="", kpp="")
    return wire.LegalInfo(company_name=company.name, inn=company.inn, kpp=company.kpp)
