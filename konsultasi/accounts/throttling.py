"""How django-axes names the account a failed sign-in tried: the name as the sign-in form
reads it (an e-mail address in any capitals is one name), so that the lockout counts per
account and address, whatever the spelling."""


def attempted_username(request, credentials) -> str:
    raw = (credentials or {}).get("username")
    if raw is None and request is not None:
        raw = request.POST.get("username", "")
    return normalise_username(raw or "")


def normalise_username(raw: str) -> str:
    name = raw.strip()
    return name.lower() if "@" in name else name
