"""A document that cannot be generated is a message to the user, not a server error page.

Every document download in the application is a GET of a URL ending in a file name
(``…/bien-ban.pdf``, ``…/van-ban.docx``, ``…/ho-so.zip``, ``…/tai-ve.xlsx``). When building
such a file fails (the renderer, a font, a corrupt template), the error is logged in full and
the user goes back to the page they came from with a Vietnamese message. Downloads only read:
nothing is half-saved, and numbers are taken by separate POST actions, never by a download.
"""

import logging
from pathlib import PurePosixPath

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

logger = logging.getLogger("thidua.documents")

DOCUMENT_SUFFIXES = {".docx", ".pdf", ".xlsx", ".zip", ".json"}


class DocumentFailureMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.method != "GET" or isinstance(exception, (PermissionDenied, Http404)):
            return None
        if PurePosixPath(request.path).suffix.lower() not in DOCUMENT_SUFFIXES:
            return None
        logger.exception("Document generation failed for %s", request.path)
        messages.error(
            request,
            _(
                "Không tạo được văn bản lúc này, vui lòng thử lại sau. Lỗi đã được ghi lại "
                "để quản trị hệ thống kiểm tra; dữ liệu không bị thay đổi."
            ),
        )
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = reverse("core:home")
        return redirect(back)
