"""Wiring: the products store behind the catalogue rules' ports (the products function calls these)."""

from __future__ import annotations

from collections.abc import Iterable

from runa.payouts.data import products
from runa.payouts.logic import catalogue
from runa.payouts.logic.catalogue import ProductFilter
from runa.payouts.logic.pagination import PageResult
from runa.payouts.models.products import Category, ContentFormat, Product


def catalogue_ports() -> catalogue.CataloguePorts:
    return catalogue.CataloguePorts(
        list_products=products.list_products, get_stored_product=products.get_stored_product
    )


def list_products(
    *,
    is_orderable: bool | None,
    countries: Iterable[str] | None,
    categories: Iterable[str] | None,
    before: str | None,
    after: str | None,
    limit: int | str | None,
) -> PageResult[Product]:
    selection = ProductFilter.of(is_orderable, countries, categories)
    return catalogue.list_products(selection, catalogue_ports(), before=before, after=after, limit=limit)


def countries() -> list[str]:
    return catalogue.countries(catalogue_ports())


def categories() -> list[Category]:
    return catalogue.categories(catalogue_ports())


def get_product(product_code: str, content: ContentFormat = "url") -> Product:
    return catalogue.get_product(product_code, content, catalogue_ports())
