from ninja import Router, Schema

from thidua.api.types import Text

from . import services

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: Text(150, 1)
    password: Text(128, 1)


class TokenOut(Schema):
    token: str


@router.post("/auth/token", response={200: TokenOut}, auth=None, summary="Exchange username and password for a token")
def token(request, payload: TokenIn):
    return {"token": services.token_issue(username=payload.username, password=payload.password)}
