"""Launch URLs of package units: checking them at import, building them at launch."""

from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

BROWSER_SCHEMES = ("http", "https")


def check_launch_url(url: str, files: set[str] | None, reserved: tuple[str, ...]) -> str | None:
    """Why ``url`` cannot launch a unit (German), or None if it can.

    ``files`` are the package's files (None for a manifest uploaded without a zip, where only
    fully qualified URLs are possible); ``reserved`` are the query parameters the launch
    protocol adds, which the URL must not bring itself.
    """
    if not url:
        return "Die Startadresse fehlt."
    if any(char.isspace() for char in url) or any(char in url for char in '<>"\\{}|^`'):
        return f"Die Startadresse „{url}“ ist keine gültige URL (Leer- oder Sonderzeichen)."
    try:
        parts = urlsplit(url)
        query = parse_qsl(parts.query, keep_blank_values=True)
    except ValueError:
        return f"Die Startadresse „{url}“ ist keine gültige URL."
    clash = sorted({name for name, _ in query if name in reserved})
    if clash:
        return (f"Die Startadresse „{url}“ bringt den Parameter „{clash[0]}“ schon mit; den "
                "setzt Lernraum beim Start selbst.")
    if parts.scheme:
        if parts.scheme.lower() not in BROWSER_SCHEMES or not parts.netloc:
            return (f"Die Startadresse „{url}“ ist weder eine Datei im Paket noch eine "
                    "http- oder https-Adresse.")
        return None
    if files is None:
        return (f"Die Startadresse „{url}“ ist relativ, aber es gibt kein Paket mit Dateien: "
                "Ohne ZIP-Datei sind nur vollständige Adressen (https://…) möglich.")
    if parts.netloc or url.startswith("/"):
        return f"Die Startadresse „{url}“ muss relativ zum Paket sein (ohne führenden „/“)."
    path = unquote(parts.path)
    if not path or ".." in path.split("/"):
        return f"Die Startadresse „{url}“ zeigt auf keine Datei im Paket."
    if path not in files:
        return f"Die Startdatei „{path}“ fehlt im Paket."
    return None


def is_absolute(url: str) -> bool:
    """Whether the unit starts at a full URL outside the package (link-only unit)."""
    return bool(urlsplit(url).scheme)


def launch_url(files_url: str, url: str, parameters: dict[str, str]) -> str:
    """The unit's URL (in the package or absolute) with ``parameters`` merged into its query."""
    target = url if is_absolute(url) else files_url.rstrip("/") + "/" + url
    parts = urlsplit(target)
    query = parse_qsl(parts.query, keep_blank_values=True) + list(parameters.items())
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))


def without_query(url: str) -> str:
    """``url`` without query string and fragment."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
