"""Agency queue API (/api/v1). Filled in below."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
