from ninja.security import HttpBearer, django_auth

from thidua.accounts.services import token_user


class BearerAuth(HttpBearer):
    """``Authorization: Bearer <token>`` from ``POST /api/v1/auth/token``."""

    def authenticate(self, request, token: str):
        user = token_user(token)
        if user is not None:
            request.user = user
        return user


AUTH = [BearerAuth(), django_auth]
