"""The languages the page speaks: one entry per catalog file in ``static/i18n``."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from nnguide.web import catalogs

router = APIRouter(prefix="/api", tags=["meta"])


class Language(BaseModel):
    code: str = Field(description="the catalog's name, e.g. fr for static/i18n/fr.json")
    name: str = Field(description="the language named in itself, e.g. Français")
    dir: Literal["ltr", "rtl"]
    locale: str = Field(description="the Intl locale its numbers are written in")


class Languages(BaseModel):
    default: str = Field(description="the language the others fall back to, key by key")
    languages: list[Language]


@router.get("/languages", response_model=Languages)
async def languages() -> dict[str, object]:
    """Every language the page can be read in (its catalog is ``static/i18n/<code>.json``)."""
    return {"default": catalogs.DEFAULT, "languages": catalogs.languages()}
