"""One APIRouter per guide topic."""
