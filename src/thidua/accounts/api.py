import datetime

from ninja import Router, Schema
from ninja.errors import HttpError

from thidua.api.types import Id, Text

from . import services
from .lockout import lockout_message

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: Text(150, 1)
    password: Text(128, 1)


class TokenOut(Schema):
    token: str


class TokenInfoOut(Schema):
    id: int
    created_at: datetime.datetime
    expires_at: datetime.datetime
    last_used_at: datetime.datetime | None


@router.post("/auth/token", response={200: TokenOut}, auth=None, summary="Exchange username and password for a token")
def token(request, payload: TokenIn):
    """Failed attempts count towards the sign-in lockout (429 while it lasts). A user holds at most
    THIDUA_API_TOKENS_PER_USER live tokens: a new one revokes the oldest."""
    try:
        raw = services.token_issue(request=request, username=payload.username, password=payload.password)
    except services.LoginLocked as exc:
        raise HttpError(429, lockout_message()) from exc
    return {"token": raw}


@router.get("/auth/tokens", response=list[TokenInfoOut], summary="Your own live tokens")
def tokens(request):
    return list(services.tokens_of(request.user))


@router.delete("/auth/tokens/{token_id}", response={204: None}, summary="Revoke one of your tokens")
def token_revoke(request, token_id: Id):
    services.token_revoke(by=request.user, token_id=token_id)
    return 204, None
