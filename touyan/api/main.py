"""The HTTP API for provincial platforms: ``/api/v1/``, its OpenAPI schema and docs."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from . import errors
from .auth import SessionAuth, TokenAuth
from .parsing import JSONOnly
from .routes import (
    activities,
    attendance,
    compliance,
    deliverables,
    people,
    policies,
    programmes,
    selection,
    selection_district,
    selection_reviews,
)


class ReadableJSON(JSONRenderer):
    """UTF-8 JSON with Chinese written as itself, not as ``\\u`` escapes."""

    json_dumps_params = {"ensure_ascii": False}


class TouyanAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        # Short, stable ids (list_activities) for the clients platforms generate from the schema.
        return operation.view_func.__name__

    def get_openapi_schema(self, **kwargs):
        """Every operation that takes a body may answer 415 (the parser's refusal of a body
        that is not JSON): said once here so that no route can forget it."""
        schema = super().get_openapi_schema(**kwargs)
        message = {"$ref": "#/components/schemas/Message"}
        for operations in schema["paths"].values():
            for operation in operations.values():
                if "requestBody" in operation:
                    operation["responses"]["415"] = {
                        "description": "Unsupported Media Type",
                        "content": {"application/json": {"schema": message}},
                    }
        return schema


DESCRIPTION = """头雁培养项目平台的数据接口，供省级平台对接。

认证：在请求头中提供接口令牌 `Authorization: Bearer <令牌>`（由管理员用
`touyan create-api-token 用户名 用途` 创建），或使用已登录的浏览器会话（写操作须带 CSRF 令牌）。
令牌的权限与其所属用户完全相同；看不到的对象一律返回 404。
"""

api = TouyanAPI(
    title="Touyan API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=[TokenAuth(), SessionAuth()],
    renderer=ReadableJSON(),
    parser=JSONOnly(),
)
errors.install(api)

for module in (programmes, policies, people, activities, attendance, deliverables, compliance):
    api.add_router("/", module.router)
for module in (selection, selection_district, selection_reviews):
    api.add_router("/", module.router)
