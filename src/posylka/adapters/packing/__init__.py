"""Packing solvers behind the ``ExactPacker`` port."""
