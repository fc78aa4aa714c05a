"""The REST API: one NinjaAPI under /api/ with the OpenAPI 3 schema at /api/openapi.json and its
docs at /api/docs.

Every operation needs `Authorization: Bearer <token>` (tokens from /api/khoa/); a browser session
is not accepted, so no request can ride on a logged-in user's cookie and CSRF does not arise.
The docs and the schema open for a logged-in user or a valid token. Handlers call the same
selectors and services as the pages, so the role and scope checks are the pages' checks.
Errors are JSON with a Vietnamese `detail`: 401 no or bad token, 403 not allowed, 404 not
found, 422 invalid input (with the fields named).
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import Swagger
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer

from .models import TokenScope
from .services import token_authenticate

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

MSG_401 = "Chưa xác thực: thiếu khoá truy cập hoặc khoá không hợp lệ, đã hết hạn hay bị thu hồi."
MSG_403 = "Không có quyền truy cập."
MSG_404 = "Không tìm thấy."
MSG_422 = "Dữ liệu không hợp lệ."


class Renderer(JSONRenderer):
    # Vietnamese stays readable in the JSON (UTF-8), not \u escapes.
    json_dumps_params = {"ensure_ascii": False}


def error(status: int, body: dict) -> JsonResponse:
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


class BearerToken(HttpBearer):
    """`Authorization: Bearer td_…`: the token's user, if active and the token usable."""

    def authenticate(self, request, token):
        user = token_authenticate(token.strip())
        if (
            user is not None
            and request.method not in SAFE_METHODS
            and user.api_token.scope != TokenScope.WRITE
        ):
            raise PermissionDenied(_("Khoá truy cập này chỉ có quyền đọc."))
        if user is not None:
            # Selectors and services read request.user; the session's user (if any) is ignored.
            request.user = user
        return user


def _docs_access(view):
    """The docs page and the schema: for a logged-in user or a valid bearer token."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_authenticated or BearerToken()(request) is not None:
            return view(request, *args, **kwargs)
        if request.path.endswith(".json"):
            return error(401, {"detail": MSG_401})
        return redirect_to_login(request.get_full_path())

    return wrapped


class Api(NinjaAPI):
    """NinjaAPI whose schema is built once per process (it depends only on the code)."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is not None or path_params:
            return super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        if getattr(self, "_schema_cache", None) is None:
            self._schema_cache = super().get_openapi_schema()
        return self._schema_cache


api = Api(
    title="Thi đua – Khen thưởng API",
    version="1.0.0",
    description=(
        "API cho hệ thống quản lý nhân sự và cơ sở dữ liệu của tỉnh. Xác thực bằng khoá truy "
        "cập: `Authorization: Bearer <khoá>` (tạo khoá tại trang /api/khoa/). Quyền và phạm vi "
        "dữ liệu như trên giao diện: trưởng phòng chỉ thấy cán bộ phòng mình, cán bộ chỉ thấy "
        "hồ sơ của mình. Danh sách phân trang bằng `limit` (tối đa 200) và `offset`."
    ),
    urls_namespace="api_v1",
    auth=BearerToken(),
    renderer=Renderer(),
    docs=Swagger(settings={"persistAuthorization": False, "tryItOutEnabled": False}),
    docs_decorator=_docs_access,
)


def _field_of(loc) -> str:
    # ("body", "payload", "full_name") → "full_name"; ("query", "limit") → "limit".
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "filters")]
    return ".".join(parts) or "__all__"


PYDANTIC_MESSAGES = {
    "missing": "Thiếu giá trị bắt buộc.",
    "string_pattern_mismatch": "Giá trị không đúng định dạng.",
    "string_too_long": "Giá trị quá dài.",
    "string_too_short": "Không được để trống.",
    "literal_error": "Giá trị không nằm trong danh sách cho phép.",
    "date_from_datetime_parsing": "Ngày không hợp lệ (định dạng YYYY-MM-DD).",
    "date_parsing": "Ngày không hợp lệ (định dạng YYYY-MM-DD).",
    "date_type": "Ngày không hợp lệ (định dạng YYYY-MM-DD).",
    "int_parsing": "Phải là số nguyên.",
    "int_type": "Phải là số nguyên.",
    "greater_than_equal": "Giá trị quá nhỏ.",
    "less_than_equal": "Giá trị quá lớn.",
    "bool_parsing": "Phải là true hoặc false.",
    "bool_type": "Phải là true hoặc false.",
    "string_type": "Phải là chuỗi ký tự.",
    "model_attributes_type": "Nội dung gửi lên phải là một đối tượng JSON.",
    "dict_type": "Nội dung gửi lên phải là một đối tượng JSON.",
}


def validation_response(errors: dict) -> JsonResponse:
    return error(422, {"detail": MSG_422, "errors": errors})


@api.exception_handler(NinjaValidationError)
def _input_invalid(request, exc):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        message = PYDANTIC_MESSAGES.get(error.get("type"), "Giá trị không hợp lệ.")
        errors.setdefault(_field_of(error.get("loc", ())), []).append(message)
    return validation_response(errors)


@api.exception_handler(DjangoValidationError)
def _service_refused(request, exc):
    if hasattr(exc, "error_dict"):
        errors = {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
    else:
        errors = {"__all__": [str(m) for m in exc.messages]}
    return validation_response(errors)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    response = error(401, {"detail": MSG_401})
    response["WWW-Authenticate"] = 'Bearer realm="thidua"'
    return response


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return error(403, {"detail": MSG_403})


@api.exception_handler(Http404)
def _not_found(request, exc):
    return error(404, {"detail": MSG_404})


@api.exception_handler(ObjectDoesNotExist)
def _object_not_found(request, exc):
    return error(404, {"detail": MSG_404})


@api.exception_handler(HttpError)
def _http_error(request, exc):
    if exc.status_code == 400:
        # An unreadable body (not JSON): a field-less validation error.
        return validation_response({"__all__": ["Nội dung gửi lên không phải JSON hợp lệ."]})
    return error(exc.status_code, {"detail": str(exc)})


def _register_routers():
    from .endpoints import decisions, eligibility, movements, org, records, reviews

    for module in (org, records, movements, eligibility, reviews, decisions):
        api.add_router("/v1/", module.router)


_register_routers()
