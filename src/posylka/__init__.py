"""posylka: a fulfilment desk for Ozon FBS and rFBS sellers."""

__version__ = "0.1.0"
