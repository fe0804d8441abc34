"""One way to paginate lists in the portal, with the links templates need to move between pages."""

from django.conf import settings
from django.core.paginator import Page, Paginator

SECTION_PAGE_SIZE = 20  # secondary lists on a detail page (read from a parameter other than "page")


def paginate(request, queryset, per_page: int | None = None, *, param: str = "page") -> Page:
    """The requested page of `queryset` (read from the query parameter `param`): a number out of range gives
    the last page, junk the first. The page carries prev_link, next_link, first_link and last_link: query
    strings that keep the other parameters (search, filters, other lists' pages) as they are."""
    if per_page is None:
        per_page = settings.PAGE_SIZE if param == "page" else SECTION_PAGE_SIZE
    page = Paginator(queryset, per_page).get_page(request.GET.get(param))

    def link(number: int) -> str:
        query = request.GET.copy()
        query[param] = number
        return "?" + query.urlencode()

    page.prev_link = link(page.previous_page_number()) if page.has_previous() else ""
    page.next_link = link(page.next_page_number()) if page.has_next() else ""
    page.first_link = link(1) if page.number > 2 else ""
    page.last_link = link(page.paginator.num_pages) if page.number < page.paginator.num_pages - 1 else ""
    return page
