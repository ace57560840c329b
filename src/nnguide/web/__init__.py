"""The guide's web app: FastAPI, one router per guide topic, static page inside the package."""

from nnguide.web.app import create_app

__all__ = ["create_app"]
