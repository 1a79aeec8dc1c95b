"""Widgets. Logic lives in models and plain objects; these only show them."""
