"""The citizens' pages: register, activate, report, follow, public reports."""

from fastapi import APIRouter

router = APIRouter()
