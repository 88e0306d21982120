"""What every report view needs: the scope the current user may see, and paging of rows
that were fetched already."""

from flask import abort, request
from flask_login import current_user
from flask_sqlalchemy.pagination import Pagination

from lms.reports import arguments, services


def current_scope(*, need_organisation: bool = False) -> services.Scope:
    """The scope of the current user (admins: the organisation in ``?organisation=``)."""
    chosen = arguments.organisation_id(request.args) if current_user.is_admin else None
    scope = services.scope_for(current_user, chosen)
    if need_organisation and scope.organisation is None and not scope.everyone:
        abort(404)
    return scope


def kept_args(names: tuple[str, ...]) -> dict[str, str]:
    """The current filters as URL arguments, for links, paging and exports."""
    return arguments.kept(request.args, names, admin=current_user.is_admin)


class FetchedPagination(Pagination):
    """A page whose rows and total are already known (the pagination macro's interface)."""

    def __init__(self, items: list, total: int, page: int, per_page: int):
        self._items, self._total = items, total
        super().__init__(page=page, per_page=per_page, error_out=False, count=True)

    def _query_items(self) -> list:
        return self._items

    def _query_count(self) -> int:
        return self._total
