"""The officials' pages: the operator's queue, a unit's reports, alerts and their approval."""

from fastapi import APIRouter

router = APIRouter()
