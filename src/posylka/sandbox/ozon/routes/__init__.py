"""The sandbox's HTTP routes, one module per area of the Seller API, plus the control endpoints."""
