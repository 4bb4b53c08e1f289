"""The Matrix adapter: Tidings in Matrix rooms, through matrix-nio."""

from bot.adapters.matrix.adapter import (
    E2E_AVAILABLE,
    MatrixAdapter,
    MatrixDeliveryError,
    MatrixLoginError,
)
from bot.adapters.matrix.translate import translate

__all__ = [
    "E2E_AVAILABLE",
    "MatrixAdapter",
    "MatrixDeliveryError",
    "MatrixLoginError",
    "translate",
]
