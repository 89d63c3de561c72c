"""Working stand-ins of the outside services posylka talks to, starting with Ozon's Seller API:
real HTTP servers with seeded, deterministic data, the real service's limits and errors, and fault
injection. They power the demo and the tests, and let anyone try posylka without an Ozon account."""
