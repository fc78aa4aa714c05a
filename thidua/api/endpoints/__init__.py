"""The API's routers, one module per domain; each handler is a thin call to selectors/services."""
