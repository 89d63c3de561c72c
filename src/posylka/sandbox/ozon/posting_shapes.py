"""The objects of a v4 list posting, as ``posting_json`` writes them: each one's fields in the
order of its wire model (``schemas.Posting`` and the models of its blocks), which is the order
``model_dump_json`` writes them in.

The posting itself is cut where the pieces that move with sandbox time go (``STATUS``,
``HANDOVER``, ``ACTIONS``, ``CANCELLATION``), so its shapes are written without braces.
"""

from __future__ import annotations

from posylka.sandbox.ozon import json_values as js

HEAD = js.Shape("posting_number", "order_id", "order_number", "parent_posting_number", braces=False)
STATUS = js.Shape("status", "substatus", braces=False)
DATES = js.Shape("in_process_at", "shipment_date", "shipment_date_without_delay", braces=False)
HANDOVER = js.Shape("delivering_date", "tracking_number", braces=False)
KIND = js.Shape(
    "tpl_integration_type", "integration_type_flow", "delivery_schema", "is_express",
    "is_multibox", "multi_box_qty", braces=False,
)  # fmt: skip
ACTIONS = js.Shape("available_actions", braces=False)
PARTIES = js.Shape("delivery_method", "products", "customer", "addressee", braces=False)
CANCELLATION = js.Shape("cancellation", braces=False)
TAIL = js.Shape(
    "analytics_data", "barcodes", "legal_info", "requirements", "financial_data", braces=False
)
DELIVERY_METHOD = js.Shape(
    "id", "name", "warehouse_id", "warehouse", "tpl_provider", "tpl_provider_id"
)
PRODUCT = js.Shape(
    "sku", "offer_id", "name", "quantity", "price", "product_color", "weight", "imei",
    "is_blr_traceable", "is_marketplace_buyout",
)  # fmt: skip
MONEY = js.Shape("amount", "currency")
CUSTOMER = js.Shape("customer_id", "name", "phone", "customer_email", "address")
ADDRESS = js.Shape(
    "address_tail", "city", "comment", "country", "district", "latitude", "longitude",
    "provider_pvz_code", "pvz_code", "region", "zip_code",
)  # fmt: skip
ADDRESSEE = js.Shape("name", "phone")
ANALYTICS = js.Shape(
    "city", "region", "delivery_type", "is_legal", "is_premium", "payment_type_group_name",
    "warehouse", "warehouse_id", "tpl_provider", "tpl_provider_id", "delivery_date_begin",
    "delivery_date_end", "client_delivery_date_begin", "client_delivery_date_end",
)  # fmt: skip
BARCODES = js.Shape("upper_barcode", "lower_barcode")
LEGAL_INFO = js.Shape("company_name", "inn", "kpp")
REQUIREMENTS = js.Shape(
    "products_requiring_gtd", "products_requiring_country", "products_requiring_change_country",
    "products_requiring_mandatory_mark", "products_requiring_jw_uin", "products_requiring_rnpt",
    "products_requiring_imei", "products_requiring_weight",
)  # fmt: skip
NO_REQUIREMENTS = REQUIREMENTS.write(**dict.fromkeys(REQUIREMENTS.keys, js.EMPTY_ARRAY))
