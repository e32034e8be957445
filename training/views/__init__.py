"""Thin views: fetch through access helpers, validate with a form, call a service, say what happened."""
